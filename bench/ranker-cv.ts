/**
 * Cross-validation of the learned ranker, by article: the questions about one article are scored
 * by a model trained on the questions about every other article (leave one article out), so no
 * figure comes from a question, or an article, the model was fitted on.
 */
import { linearScore, orderByScore, trainPairwise, type TrainingQuery, type TrainOptions } from '../src/search/ranker/model.ts';
import type { RankerQuery } from './ranker-data.ts';

/** Ranking figures of one question set. */
export interface RankFigures {
  questions: number;
  hit1: number;
  hit3: number;
  mrr: number;
}

/** The 1-based rank of the first answering candidate in an order of candidate indices, or 0. */
export function firstRelevant(order: readonly number[], relevant: readonly boolean[]): number {
  const at = order.findIndex((i) => relevant[i]);
  return at + 1;
}

/** hit@1, hit@3 and MRR of ranks (1-based, 0 for a miss). */
export function figuresOf(ranks: readonly number[]): RankFigures {
  const n = Math.max(1, ranks.length);
  return {
    questions: ranks.length,
    hit1: ranks.filter((rank) => rank === 1).length / n,
    hit3: ranks.filter((rank) => rank >= 1 && rank <= 3).length / n,
    mrr: ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / n,
  };
}

/**
 * How much each question counts in training: each set's questions share `setWeight`, to the power
 * `balance` of their number (0: every question alike, so SQuAD's 1,299 outweigh the rest; 1:
 * every set alike).
 */
export function queryWeights(queries: readonly RankerQuery[], balance: number): number[] {
  const sizes = new Map<string, number>();
  for (const query of queries) sizes.set(query.set, (sizes.get(query.set) ?? 0) + 1);
  return queries.map((query) => 1 / (sizes.get(query.set) ?? 1) ** balance);
}

/** The queries in the model's training form, weighted. */
export function trainingQueries(queries: readonly RankerQuery[], balance: number): TrainingQuery[] {
  const weights = queryWeights(queries, balance);
  return queries.map((query, i) => ({ rows: query.rows, relevant: query.relevant, weight: weights[i] ?? 1 }));
}

/** How the ranker is fitted. */
export interface FitSettings {
  train?: TrainOptions;
  /** See `queryWeights` (default 0.5). */
  balance?: number;
  /**
   * A feature column whose own best weight (fitted alone) the penalty pulls towards, the others
   * towards 0: with the engine's score, the model starts from the engine's order and departs from
   * it only as far as the training questions argue.
   */
  anchor?: number;
}

/** Fits the ranker's weights on queries. */
export function fitRanker(queries: readonly RankerQuery[], settings: FitSettings = {}): Float64Array {
  const training = trainingQueries(queries, settings.balance ?? 0.5);
  const { anchor } = settings;
  if (anchor === undefined) return trainPairwise(training, settings.train);
  const alone = trainPairwise(training.map((query) => ({ ...query, rows: query.rows.map((row) => [row[anchor] ?? 0]) })), settings.train);
  const width = queries.find((query) => query.rows.length > 0)?.rows[0]?.length ?? 0;
  const prior = new Float64Array(width);
  prior[anchor] = alone[0] ?? 0;
  return trainPairwise(training, { ...settings.train, prior });
}

/** Options for `crossValidate`. */
export interface CrossValidation extends FitSettings {
  /** Called after each held-out article. */
  onFold?: (done: number, total: number, group: string) => void;
}

/** Per set: the engine's figures and the ranker's, cross-validated, on the same questions. */
export interface CrossValidated {
  sets: { set: string; engine: RankFigures; ranker: RankFigures }[];
  folds: number;
}

/** Leave-one-article-out cross-validation; the engine's own order is scored alongside. */
export function crossValidate(queries: readonly RankerQuery[], options: CrossValidation = {}): CrossValidated {
  const groups = [...new Set(queries.map((query) => query.group))].sort();
  const learnedRank = new Map<RankerQuery, number>();
  groups.forEach((group, fold) => {
    const training = queries.filter((query) => query.group !== group);
    const weights = fitRanker(training, options);
    for (const query of queries) {
      if (query.group !== group) continue;
      const order = orderByScore(query.rows.map((row) => linearScore(weights, row)));
      learnedRank.set(query, firstRelevant(order, query.relevant));
    }
    options.onFold?.(fold + 1, groups.length, group);
  });
  const sets = [...new Set(queries.map((query) => query.set))].map((set) => {
    const ofSet = queries.filter((query) => query.set === set);
    const engineRanks = ofSet.map((query) => firstRelevant(query.relevant.map((_, i) => i), query.relevant));
    return { set, engine: figuresOf(engineRanks), ranker: figuresOf(ofSet.map((query) => learnedRank.get(query) ?? 0)) };
  });
  return { sets, folds: groups.length };
}

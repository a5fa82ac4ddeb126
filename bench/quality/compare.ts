/**
 * Side-by-side tables of `npm run bench`: several engines' quality on the same question set
 * (scored as `npm run eval` scores them), then their latency, interleaved question by question.
 */
import type { Article } from '../../src/types.ts';
import { summarise, timeQueries, type Latency, type TimingOptions } from '../measure.ts';
import type { Engine } from '../peers.ts';
import { defaultPaths, readDevEval, readSquadQuestions } from './data.ts';
import type { JudgedQuestion } from './context.ts';
import { goldPassages, goldRank, retrieval, type Retrieval } from './score.ts';

/** Passages asked for per question: MRR is MRR@10. */
export const RESULT_LIMIT = 10;

/** A question set: answerable questions with their gold test, and questions to abstain on. */
export interface QuestionSet {
  answerable: JudgedQuestion[];
  abstain: string[];
}

/**
 * The seed dev set, gold being the passages of `seedArticles` that hold a gold phrase. Only these
 * articles count, so when the seed article sits among thousands of others, a distractor that
 * happens to say "Feb. 24" is still a miss.
 */
export function seedQuestions(seedArticles: readonly Article[], file = defaultPaths().devEval): QuestionSet {
  const dev = readDevEval(file);
  const answerable = dev.answerable.map(({ q, gold }) => {
    const isGold = goldPassages(seedArticles, gold);
    if (!seedArticles.some((article) => article.passages.some((passage) => isGold(passage)))) {
      throw new Error(`dev-eval: no passage of the seed article contains a gold phrase of "${q}"`);
    }
    return { q, isGold };
  });
  return { answerable, abstain: dev.abstain.map(({ q }) => q) };
}

/** SQuAD 2.0's answerable questions with their gold paragraph. */
export function squadQuestions(dir = defaultPaths().squadDir): QuestionSet {
  const answerable = readSquadQuestions(dir).map(({ q, article, paragraph }) => ({
    q, isGold: (hit: { article: string; paragraph: number }) => hit.article === article && hit.paragraph === paragraph,
  }));
  return { answerable, abstain: [] };
}

/** Quality of one engine on one question set. */
export interface Quality extends Retrieval {
  /** Questions to abstain on that it did abstain on, out of `abstainTotal`. */
  abstainedCorrectly: number;
  abstainTotal: number;
}

/**
 * Asks every question once, judging hits as `npm run eval` does (a paragraph counted once).
 * Stops early at `deadline` (performance.now() ms): `questions` says how many were asked.
 */
export async function evaluate(engine: Engine, set: QuestionSet, deadline = Number.POSITIVE_INFINITY): Promise<Quality> {
  const ranks: number[] = [];
  let refused = 0;
  for (const { q, isGold } of set.answerable) {
    if (performance.now() > deadline) break;
    const outcome = await engine.search(q, RESULT_LIMIT);
    if (!outcome.answered) refused++;
    ranks.push(goldRank(outcome.hits, isGold));
  }
  let abstainedCorrectly = 0;
  for (const q of set.abstain) if (!(await engine.search(q, RESULT_LIMIT)).answered) abstainedCorrectly++;
  return { ...retrieval(ranks, refused), abstainedCorrectly, abstainTotal: set.abstain.length };
}

/** Quality and latency of one engine on one question set. */
export interface EngineFigures {
  engine: string;
  abstains: boolean;
  quality: Quality;
  /** Per-query latency in microseconds, over answerable and abstain questions alike. */
  latency: Latency;
}

/** An engine of the table: `timed` answers as in use; `judged` (default `timed`) is scored. */
export interface Contender {
  timed: Engine;
  judged?: Engine;
}

/** Options for `compareEngines`. */
export interface CompareOptions {
  timing: TimingOptions;
  /** Stop evaluating quality after this long per engine. */
  qualityBudgetMs: number;
  /** Called with a line of progress. */
  onProgress?: (message: string) => void;
}

/** Quality, then interleaved latency, of several engines on the same question set. */
export async function compareEngines(contenders: readonly Contender[], set: QuestionSet, options: CompareOptions): Promise<EngineFigures[]> {
  const qualities: Quality[] = [];
  for (const { timed, judged = timed } of contenders) {
    options.onProgress?.(`quality: ${timed.name}`);
    qualities.push(await evaluate(judged, set, performance.now() + options.qualityBudgetMs));
  }
  options.onProgress?.(`latency: ${contenders.length} engines interleaved, up to ${(options.timing.budgetMs / 1000).toFixed(0)} s`);
  const questions = [...set.answerable.map(({ q }) => q), ...set.abstain];
  const timings = await timeQueries(contenders.map(({ timed }) => (question: string) => timed.search(question, RESULT_LIMIT)), questions, options.timing);
  return contenders.map(({ timed }, index) => ({
    engine: timed.name,
    abstains: timed.abstains,
    quality: qualities[index] ?? { ...retrieval([], 0), abstainedCorrectly: 0, abstainTotal: set.abstain.length },
    latency: summarise(timings[index] ?? []),
  }));
}

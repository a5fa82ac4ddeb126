/**
 * The learned ranker at question time: the weights `npm run train` fitted (`weights.json`, read
 * once and checked against the feature list), and the candidates put in the order they score.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RankedPassage } from '../rerank.ts';
import type { AnalysedQuestion } from '../query.ts';
import { FEATURES, rankFeatures, type FeatureContext } from './features.ts';
import { linearScore, orderByScore } from './model.ts';

/** Where the trained weights live. */
export const WEIGHTS_FILE = new URL('./weights.json', import.meta.url);

const weightsSchema = z.object({
  features: z.array(z.string()),
  weights: z.array(z.number().finite()),
});

/** The weights file's contents as the ranker uses them. */
export type RankerWeights = z.infer<typeof weightsSchema>;

/**
 * Weights in `FEATURES` order from a parsed weights file. Throws when the file names other
 * features than the code computes: weights trained on another feature list would be meaningless.
 */
export function parseWeights(data: unknown): Float64Array {
  const parsed = weightsSchema.parse(data);
  if (parsed.features.length !== parsed.weights.length) throw new Error(`ranker weights: ${parsed.features.length} features but ${parsed.weights.length} weights`);
  const expected = FEATURES.join(',');
  if (parsed.features.join(',') !== expected) {
    throw new Error(`ranker weights: trained on features [${parsed.features.join(', ')}], the code computes [${FEATURES.join(', ')}]; run npm run train`);
  }
  return Float64Array.from(parsed.weights);
}

let loaded: Float64Array | undefined;

/** The trained weights, read on first use. */
export function learnedWeights(): Float64Array {
  loaded ??= parseWeights(JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')));
  return loaded;
}

/**
 * The candidates (in the engine's order) reordered by their learned score, best first. Each
 * keeps a `score` callers can compare as they compare the engine's: the best candidate gets the
 * engine's best score, and another that score times e^(its learned score − the best's), which
 * under a pairwise model is the odds it should rank above the best. A share of the best score
 * (as answering uses to drop weak passages) is then a share of those odds.
 */
export function learnedOrder(question: AnalysedQuestion, ranked: readonly RankedPassage[], context: FeatureContext, weights = learnedWeights()): RankedPassage[] {
  if (ranked.length < 2) return [...ranked];
  const scores = rankFeatures(question, ranked, context).map((row) => linearScore(weights, row));
  const order = orderByScore(scores);
  const top = scores[order[0] ?? 0] ?? 0;
  const engineBest = Math.max(...ranked.map((entry) => entry.score));
  return order.map((i) => ({ ...(ranked[i] as RankedPassage), score: engineBest * Math.exp((scores[i] ?? 0) - top) }));
}

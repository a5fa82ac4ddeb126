/**
 * The learned ranker's model: a linear score over a candidate's features, trained as pairwise
 * logistic regression (RankNet with a linear scorer). For every question, each passage that
 * answers it should outscore each that does not; the loss is log(1 + e^-(s⁺ - s⁻)) per pair, with
 * an L2 penalty. A linear model is enough for a couple of dozen signals and costs one dot product
 * per candidate at question time; it trains in well under a second by Newton's method, which has
 * no learning rate to tune and gives the same weights on every run.
 */

/** One question's candidates as training sees them. */
export interface TrainingQuery {
  /** One feature row per candidate, all of the same length. */
  rows: readonly ArrayLike<number>[];
  /** Per candidate: does it answer the question? */
  relevant: readonly boolean[];
  /** How much this question counts (default 1); its pairs share it equally. */
  weight?: number;
}

/** Options for `trainPairwise`. */
export interface TrainOptions {
  /** L2 penalty on the standardised weights (default 1). */
  l2?: number;
  /** Most Newton steps (default 30). */
  iterations?: number;
  /** Stop when no weight moves more than this in a step (default 1e-9). */
  tolerance?: number;
  /**
   * Weights (on the features' own scale) the penalty pulls towards instead of zero: with the
   * engine's own order as the prior, the model departs from it only as far as the data argue.
   */
  prior?: ArrayLike<number>;
}

/** The dot product of weights and a feature row: the candidate's learned score. */
export function linearScore(weights: ArrayLike<number>, row: ArrayLike<number>): number {
  let score = 0;
  for (let j = 0; j < weights.length; j += 1) score += (weights[j] ?? 0) * (row[j] ?? 0);
  return score;
}

/** The logistic function, without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x), without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** A pair's feature difference (answer minus non-answer) and its weight. */
interface Pair {
  difference: Float64Array;
  weight: number;
}

/** Each answering candidate against each non-answering one, on standardised features. */
function pairsOf(queries: readonly TrainingQuery[], scale: Float64Array): Pair[] {
  const pairs: Pair[] = [];
  for (const query of queries) {
    const positives = query.rows.filter((_, i) => query.relevant[i]);
    const negatives = query.rows.filter((_, i) => !query.relevant[i]);
    const count = positives.length * negatives.length;
    if (count === 0) continue;
    const weight = (query.weight ?? 1) / count;
    for (const positive of positives) {
      for (const negative of negatives) {
        const difference = new Float64Array(scale.length);
        for (let j = 0; j < scale.length; j += 1) difference[j] = ((positive[j] ?? 0) - (negative[j] ?? 0)) / (scale[j] ?? 1);
        pairs.push({ difference, weight });
      }
    }
  }
  return pairs;
}

/**
 * Each feature's standard deviation over the rows (1 for a constant feature), so the L2 penalty
 * treats features on different scales alike.
 */
export function featureScales(queries: readonly TrainingQuery[], width: number): Float64Array {
  const sum = new Float64Array(width);
  const squares = new Float64Array(width);
  let n = 0;
  for (const query of queries) {
    for (const row of query.rows) {
      n += 1;
      for (let j = 0; j < width; j += 1) {
        const value = row[j] ?? 0;
        sum[j] = (sum[j] ?? 0) + value;
        squares[j] = (squares[j] ?? 0) + value * value;
      }
    }
  }
  const scale = new Float64Array(width).fill(1);
  if (n === 0) return scale;
  for (let j = 0; j < width; j += 1) {
    const mean = (sum[j] ?? 0) / n;
    const variance = (squares[j] ?? 0) / n - mean * mean;
    if (variance > 1e-12) scale[j] = Math.sqrt(variance);
  }
  return scale;
}

/** The pairwise loss of standardised weights, penalty included (for tests and progress). */
export function pairwiseLoss(weights: ArrayLike<number>, queries: readonly TrainingQuery[], l2 = 1): number {
  const width = weights.length;
  let loss = 0;
  for (const { difference, weight } of pairsOf(queries, new Float64Array(width).fill(1))) loss += weight * softplus(-linearScore(weights, difference));
  let norm = 0;
  for (let j = 0; j < width; j += 1) norm += (weights[j] ?? 0) ** 2;
  return loss + (l2 / 2) * norm;
}

/**
 * Solves `matrix · x = vector` for a symmetric positive definite matrix (Cholesky); the inputs
 * are left as they are.
 */
export function solveSymmetric(matrix: readonly Float64Array[], vector: ArrayLike<number>): Float64Array {
  const n = vector.length;
  const lower = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k <= i; k += 1) {
      let sum = matrix[i]?.[k] ?? 0;
      for (let m = 0; m < k; m += 1) sum -= (lower[i]?.[m] ?? 0) * (lower[k]?.[m] ?? 0);
      if (i === k) {
        if (sum <= 0) throw new Error('solveSymmetric: the matrix is not positive definite');
        (lower[i] as Float64Array)[i] = Math.sqrt(sum);
      } else {
        (lower[i] as Float64Array)[k] = sum / (lower[k]?.[k] ?? 1);
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let sum = vector[i] ?? 0;
    for (let m = 0; m < i; m += 1) sum -= (lower[i]?.[m] ?? 0) * (y[m] ?? 0);
    y[i] = sum / (lower[i]?.[i] ?? 1);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i] ?? 0;
    for (let m = i + 1; m < n; m += 1) sum -= (lower[m]?.[i] ?? 0) * (x[m] ?? 0);
    x[i] = sum / (lower[i]?.[i] ?? 1);
  }
  return x;
}

/**
 * Fits the weights of a linear score by pairwise logistic regression (Newton's method on the
 * standardised features, L2 penalty), and returns them on the features' own scale: the score of a
 * row is `linearScore(weights, row)`. Deterministic: the same queries give the same weights.
 */
export function trainPairwise(queries: readonly TrainingQuery[], options: TrainOptions = {}): Float64Array {
  const l2 = options.l2 ?? 1;
  const iterations = options.iterations ?? 30;
  const tolerance = options.tolerance ?? 1e-9;
  const width = queries.find((query) => query.rows.length > 0)?.rows[0]?.length ?? 0;
  const scale = featureScales(queries, width);
  const pairs = pairsOf(queries, scale);
  const prior = Float64Array.from({ length: width }, (_, j) => (options.prior?.[j] ?? 0) * (scale[j] ?? 1));
  const w = Float64Array.from(prior);
  for (let step = 0; step < iterations; step += 1) {
    const gradient = new Float64Array(width);
    const hessian = Array.from({ length: width }, () => new Float64Array(width));
    for (let j = 0; j < width; j += 1) {
      gradient[j] = l2 * ((w[j] ?? 0) - (prior[j] ?? 0));
      (hessian[j] as Float64Array)[j] = l2;
    }
    for (const { difference, weight } of pairs) {
      const p = sigmoid(-linearScore(w, difference));
      const curvature = weight * p * (1 - p);
      for (let a = 0; a < width; a += 1) {
        const da = difference[a] ?? 0;
        if (da === 0) continue;
        gradient[a] = (gradient[a] ?? 0) - weight * p * da;
        const row = hessian[a] as Float64Array;
        for (let b = 0; b <= a; b += 1) row[b] = (row[b] ?? 0) + curvature * da * (difference[b] ?? 0);
      }
    }
    for (let a = 0; a < width; a += 1) for (let b = 0; b < a; b += 1) (hessian[b] as Float64Array)[a] = hessian[a]?.[b] ?? 0;
    const move = solveSymmetric(hessian, gradient);
    let largest = 0;
    for (let j = 0; j < width; j += 1) {
      w[j] = (w[j] ?? 0) - (move[j] ?? 0);
      largest = Math.max(largest, Math.abs(move[j] ?? 0));
    }
    if (largest < tolerance) break;
  }
  return w.map((value, j) => value / (scale[j] ?? 1));
}

/**
 * Candidate order by learned score, best first; equal scores keep their order (the engine's).
 * Returns indices into `scores`.
 */
export function orderByScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

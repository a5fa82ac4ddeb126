import { describe, expect, it } from 'vitest';
import { featureScales, linearScore, orderByScore, pairwiseLoss, sigmoid, softplus, solveSymmetric, trainPairwise, type TrainingQuery } from '../../../src/search/ranker/model.ts';

describe('the learned ranker model: its math', () => {
  it.each([
    [0, 0.5],
    [2, 1 / (1 + Math.exp(-2))],
    [-2, 1 / (1 + Math.exp(2))],
    [800, 1],
    [-800, 0],
  ])('sigmoid(%d) = %f, without overflow', (x, expected) => {
    expect(sigmoid(x)).toBeCloseTo(expected, 12);
  });

  it.each([
    [0, Math.log(2)],
    [3, Math.log1p(Math.exp(3))],
    [-3, Math.log1p(Math.exp(-3))],
    [800, 800],
    [-800, 0],
  ])('softplus(%d) = %f, without overflow', (x, expected) => {
    expect(softplus(x)).toBeCloseTo(expected, 10);
  });

  it.each([
    [[1, 2], [3, 4], 11],
    [[0.5, -1, 2], [2, 3, 0.25], -1.5],
    [[], [], 0],
  ])('linearScore(%j, %j) = %d', (weights, row, expected) => {
    expect(linearScore(weights, row)).toBeCloseTo(expected, 12);
  });

  it.each([
    { matrix: [[4, 2], [2, 3]], vector: [2, 1], x: [0.5, 0] },
    { matrix: [[2, 0, 0], [0, 5, 0], [0, 0, 0.5]], vector: [4, 10, 1], x: [2, 2, 2] },
    { matrix: [[6, 2, 1], [2, 5, 2], [1, 2, 4]], vector: [9, 9, 7], x: [1, 1, 1] },
  ])('solveSymmetric solves $matrix · x = $vector', ({ matrix, vector, x }) => {
    const solved = solveSymmetric(matrix.map((row) => Float64Array.from(row)), vector);
    x.forEach((value, i) => expect(solved[i]).toBeCloseTo(value, 10));
  });

  it('solveSymmetric refuses a matrix that is not positive definite', () => {
    expect(() => solveSymmetric([Float64Array.from([1, 2]), Float64Array.from([2, 1])], [1, 1])).toThrow(/positive definite/);
  });

  it.each([
    { scores: [0.2, 0.9, 0.5], order: [1, 2, 0] },
    { scores: [1, 1, 2], order: [2, 0, 1] },
    { scores: [], order: [] },
  ])('orderByScore($scores) = $order: best first, ties in the given order', ({ scores, order }) => {
    expect(orderByScore(scores)).toEqual(order);
  });

  it('featureScales gives each feature its standard deviation, 1 for a constant one', () => {
    const scales = featureScales([{ rows: [[1, 5], [3, 5]], relevant: [true, false] }], 2);
    expect([...scales]).toEqual([1, 1]);
    const spread = featureScales([{ rows: [[0, 7], [10, 7]], relevant: [true, false] }], 2);
    expect(spread[0]).toBeCloseTo(5, 12);
  });
});

/** Questions whose answer has the larger first feature; the second feature is noise. */
function separable(count: number): TrainingQuery[] {
  const queries: TrainingQuery[] = [];
  for (let q = 0; q < count; q += 1) {
    const noise = (k: number) => ((q * 7 + k * 13) % 11) / 11;
    queries.push({ rows: [[0.2 + noise(1) / 10, noise(2)], [0.9, noise(3)], [0.1, noise(4)]], relevant: [false, true, false] });
  }
  return queries;
}

describe('the learned ranker model: training', () => {
  it('learns to put the answers first on data where one feature tells them apart', () => {
    const weights = trainPairwise(separable(20));
    expect(weights[0]).toBeGreaterThan(0);
    expect(Math.abs(weights[0] ?? 0)).toBeGreaterThan(Math.abs(weights[1] ?? 0));
    for (const query of separable(5)) expect(orderByScore(query.rows.map((row) => linearScore(weights, row)))[0]).toBe(1);
  });

  it('reaches the minimum of the penalised pairwise loss: any small step away costs more', () => {
    const queries = separable(12);
    const l2 = 0.5;
    // Training minimises the loss over standardised features: check it there.
    const weights = trainPairwise(queries, { l2 });
    const scales = featureScales(queries, 2);
    const standardised = weights.map((value, j) => value * (scales[j] ?? 1));
    const scaledQueries = queries.map((query) => ({ ...query, rows: query.rows.map((row) => Array.from(row, (value, j) => value / (scales[j] ?? 1))) }));
    const best = pairwiseLoss(standardised, scaledQueries, l2);
    for (const [j, step] of [[0, 1e-3], [0, -1e-3], [1, 1e-3], [1, -1e-3]] as const) {
      const moved = Float64Array.from(standardised);
      moved[j] = (moved[j] ?? 0) + step;
      expect(pairwiseLoss(moved, scaledQueries, l2)).toBeGreaterThan(best);
    }
  });

  it('gives the same weights on every run (deterministic)', () => {
    const first = trainPairwise(separable(30), { l2: 0.1 });
    const second = trainPairwise(separable(30), { l2: 0.1 });
    expect([...second]).toEqual([...first]);
  });

  it('scores the same whatever unit a feature is in: weights come back on the features\' own scale', () => {
    const queries = separable(15);
    const inTenths = queries.map((query) => ({ ...query, rows: query.rows.map((row) => [(row[0] ?? 0) * 10, row[1] ?? 0]) }));
    const weights = trainPairwise(queries);
    const tenths = trainPairwise(inTenths);
    expect(tenths[0]).toBeCloseTo((weights[0] ?? 0) / 10, 8);
    expect(tenths[1]).toBeCloseTo(weights[1] ?? 0, 8);
  });

  it('learns nothing from questions with no answer among the candidates, or only answers', () => {
    const weights = trainPairwise([
      { rows: [[1, 0], [0, 1]], relevant: [false, false] },
      { rows: [[1, 0], [0, 1]], relevant: [true, true] },
    ]);
    expect([...weights]).toEqual([0, 0]);
  });

  it.each([
    [1e6, 'stays at the prior'],
    [1e-3, 'goes where the data argue'],
  ])('GIVEN a prior and a penalty of %d THEN the model %s', (l2) => {
    const prior = [-2, 0.5];
    const weights = trainPairwise(separable(20), { l2, prior });
    if (l2 > 1) prior.forEach((value, j) => expect(weights[j]).toBeCloseTo(value, 3));
    // Against a prior that ranks by the wrong feature, the data still win with a weak penalty.
    else expect(weights[0]).toBeGreaterThan(0);
  });

  it('weighs questions by their weight: a heavy question wins a conflict', () => {
    const conflict = (weight: number, answer: number): TrainingQuery => ({ rows: [[1], [0]], relevant: [answer === 0, answer === 1], weight });
    expect(trainPairwise([conflict(5, 0), conflict(1, 1)])[0]).toBeGreaterThan(0);
    expect(trainPairwise([conflict(1, 0), conflict(5, 1)])[0]).toBeLessThan(0);
  });
});

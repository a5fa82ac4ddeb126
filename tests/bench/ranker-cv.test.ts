import { describe, expect, it } from 'vitest';
import { crossValidate, figuresOf, firstRelevant, fitRanker, queryWeights, trainingQueries } from '../../bench/ranker-cv.ts';
import { linearScore, orderByScore, trainPairwise } from '../../src/search/ranker/model.ts';
import type { RankerQuery } from '../../bench/ranker-data.ts';

/**
 * A question of `group` with three candidates; the answer is the one `feature` (0 or 1) favours.
 * The engine's order puts the answer at `engineRank` (1-based).
 */
function query(set: string, group: string, feature: 0 | 1, engineRank: number, n: number): RankerQuery {
  const answer = engineRank - 1;
  const rows = [0, 1, 2].map((i) => {
    const strong = i === answer;
    const jitter = ((n * 7 + i * 3) % 5) / 50;
    return feature === 0 ? Float64Array.from([strong ? 1 : 0.2 + jitter, strong ? 0 : 0.8 - jitter]) : Float64Array.from([strong ? 0 : 0.8 - jitter, strong ? 1 : 0.2 + jitter]);
  });
  return { set, group, q: `${group} ${n}`, candidates: ['a', 'b', 'c'], rows, relevant: rows.map((_, i) => i === answer) };
}

describe('cross-validation of the learned ranker, by article', () => {
  it.each([
    [[1, 2, 0, 1], { questions: 4, hit1: 0.5, hit3: 0.75, mrr: (1 + 0.5 + 0 + 1) / 4 }],
    [[4, 3], { questions: 2, hit1: 0, hit3: 0.5, mrr: (0.25 + 1 / 3) / 2 }],
  ])('figures of ranks %j', (ranks, expected) => {
    const figures = figuresOf(ranks);
    expect(figures.questions).toBe(expected.questions);
    expect(figures.hit1).toBeCloseTo(expected.hit1, 12);
    expect(figures.hit3).toBeCloseTo(expected.hit3, 12);
    expect(figures.mrr).toBeCloseTo(expected.mrr, 12);
  });

  it.each([
    [[2, 0, 1], [true, true, false], 2],
    [[2, 0, 1], [false, true, false], 3],
    [[0, 1], [false, false], 0],
  ])('order %j with answers %j: first answer at rank %d', (order, relevant, rank) => {
    expect(firstRelevant(order, relevant)).toBe(rank);
  });

  it('weighs each set by its size to the power of the balance', () => {
    const queries = [query('big', 'a', 0, 1, 1), query('big', 'a', 0, 1, 2), query('big', 'a', 0, 1, 3), query('big', 'a', 0, 1, 4), query('small', 'b', 0, 1, 1)];
    expect(queryWeights(queries, 0)).toEqual([1, 1, 1, 1, 1]);
    expect(queryWeights(queries, 1)).toEqual([0.25, 0.25, 0.25, 0.25, 1]);
  });

  it('scores each article with a model that never saw its questions', () => {
    // Three articles where the answer has the larger first feature, and one, larger than the three
    // together, where it has the larger second feature. Trained on everything, the model would
    // follow the big article; held out, the big article is ranked by what the others teach: wrongly.
    const queries: RankerQuery[] = [];
    for (const group of ['a', 'b', 'c']) for (let n = 0; n < 5; n += 1) queries.push(query('small', group, 0, 2, n));
    for (let n = 0; n < 40; n += 1) queries.push(query('big', 'd', 1, 2, n));
    const { sets, folds } = crossValidate(queries, { balance: 0 });
    expect(folds).toBe(4);
    const big = sets.find(({ set }) => set === 'big');
    expect(big?.engine.hit1).toBe(0);
    expect(big?.ranker.hit1).toBe(0);
    // A model that had seen the big article would have ranked it right.
    const all = trainPairwise(trainingQueries(queries, 0));
    const bigQuery = queries.at(-1) as RankerQuery;
    expect(firstRelevant(orderByScore(bigQuery.rows.map((row) => linearScore(all, row))), bigQuery.relevant)).toBe(1);
  });

  it('GIVEN an anchor feature THEN the model leans on it and departs from it only as the data argue', () => {
    // Both features tell the answers apart: a free model shares the credit, an anchored one
    // keeps it on the anchor (as the engine's score keeps the engine's order).
    const queries = ['a', 'b'].flatMap((group) => [0, 1, 2, 3, 4].map((n) => {
      const q = query('s', group, 0, 2, n);
      return { ...q, rows: q.rows.map((row, i) => Float64Array.from([row[0] ?? 0, q.relevant[i] ? 1 : 0.1 * (n % 3)])) };
    }));
    const free = fitRanker(queries, { train: { l2: 10 } });
    const anchored = fitRanker(queries, { anchor: 0, train: { l2: 10 } });
    expect(anchored[0]).toBeGreaterThan(free[0] ?? 0);
    expect(anchored[1]).toBeLessThan(free[1] ?? 0);
  });

  it('gives the same figures on every run (deterministic)', () => {
    const queries = ['a', 'b', 'c'].flatMap((group) => [0, 1, 2, 3].map((n) => query('s', group, n % 2 === 0 ? 0 : 1, (n % 3) + 1, n)));
    expect(crossValidate(queries)).toEqual(crossValidate(queries));
  });
});

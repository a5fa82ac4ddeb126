import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CandidateTally, TermScorer } from '../../src/search/postings.ts';

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** A small index shaped like PassageIndex's: text and title fields, passage numbers as ids. */
function buildIndex(): MiniSearch {
  const index = new MiniSearch({ fields: ['text', 'title'], searchOptions: { bm25: BM25, fields: ['text', 'title'], boost: { text: 1, title: 2 } } });
  index.addAll([
    { id: 0, text: 'nato warned russia about nuclear threats', title: 'nato summit' },
    { id: 1, text: 'russia russia russia said the army was weak', title: 'nato summit' },
    { id: 2, text: 'the army retreated from the city', title: 'war report' },
    { id: 3, text: 'nothing here', title: 'war report' },
  ]);
  return index;
}

describe('TermScorer', () => {
  const index = buildIndex();
  const scorer = new TermScorer(index, [{ name: 'text', boost: 1 }, { name: 'title', boost: 2 }], 'text', BM25);
  const scores = (term: string, range?: readonly [number, number]) => {
    const found = new Map<number, number>();
    scorer.score(term, range, (id, score) => found.set(id, score));
    return found;
  };

  it.each(['nato', 'russia', 'army', 'war', 'nothing'])('GIVEN the term "%s" THEN gives exactly MiniSearch#search scores', (term) => {
    // Exact equality: stage 1 must rank as MiniSearch did, ties included.
    const expected = new Map(index.search(term).map((result) => [result.id as number, result.score]));
    expect(scores(term)).toEqual(expected);
  });

  it('GIVEN a range THEN scores only the passages within it', () => {
    expect([...scores('russia', [1, 3]).keys()]).toEqual([1]);
  });

  it('GIVEN a term no passage uses THEN calls nothing', () => {
    expect(scores('zebra').size).toBe(0);
  });

  it('GIVEN a term THEN its idf counts passages using it in the text field only', () => {
    // "nato" is in two titles but one text.
    expect(scorer.idf('nato')).toBeCloseTo(Math.log(1 + (4 - 1 + 0.5) / 1.5), 12);
  });
});

describe('CandidateTally', () => {
  it('GIVEN forms of one word THEN the best form counts, and a multi-word term counts once', () => {
    const tally = new CandidateTally(3).start();
    tally.offer(0, 1);
    tally.offer(0, 3); // a better form of word 0
    tally.offer(1, 2);
    tally.endWord(0);
    tally.offer(0, 1); // word 1 belongs to word 0's multi-word term
    tally.endWord(0);
    tally.offer(1, 1);
    tally.endWord(2);
    const best = tally.best(5, 1);
    // Passage 0: 3 + 1 over one unit; passage 1: 2 + 1 over two units, × 2.
    expect(best).toEqual([
      { id: 1, score: 6, matched: 2 },
      { id: 0, score: 4, matched: 1 },
    ]);
  });

  it('GIVEN more passages than the depth THEN keeps the best, lower id first on ties, and start clears', () => {
    const tally = new CandidateTally(4).start();
    for (const [id, score] of [[3, 1], [2, 5], [1, 1], [0, 1]] as const) tally.offer(id, score);
    tally.endWord(0);
    expect(tally.best(2, 0.5).map((candidate) => candidate.id)).toEqual([2, 0]);
    tally.start();
    tally.offer(3, 1);
    tally.endWord(0);
    expect(tally.best(2, 0.5)).toEqual([{ id: 3, score: 1, matched: 1 }]);
  });
});

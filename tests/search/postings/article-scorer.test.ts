import { describe, expect, it } from 'vitest';
import { ArticleScorer } from '../../../src/search/postings/article-scorer.ts';
import type { TermPostings } from '../../../src/search/postings/compact-postings.ts';

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Three articles of passages 0–2, 3–5 and 6–8, each passage 10 terms long. */
function scorer(): ArticleScorer {
  const articleOf = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  return new ArticleScorer(articleOf, Float64Array.from([30, 30, 30]), BM25);
}

/** Postings of a term in these passages, once each unless a frequency is given. */
function postings(ids: number[], tfs: number[] = ids.map(() => 1)): TermPostings {
  return { ids: Int32Array.from(ids), tfs: Uint16Array.from(tfs) };
}

/** Scores for a question whose words each have one form (weight 1) with these postings. */
function scoreQuestion(articles: ArticleScorer, words: TermPostings[]): number[] {
  articles.start();
  words.forEach((word, q) => {
    articles.offer(word, 1);
    articles.endWord(q);
  });
  return [...articles.finish(0.5)];
}

describe('ArticleScorer', () => {
  it('GIVEN a word one article uses in several paragraphs THEN that article scores above one using it once', () => {
    const [first = 0, second = 0, third = 0] = scoreQuestion(scorer(), [postings([0, 1, 2, 3])]);
    expect(first).toBeGreaterThan(second);
    expect(second).toBeGreaterThan(0);
    expect(third).toBe(0);
  });

  it('GIVEN two question words THEN the article matching both outranks one that repeats only one', () => {
    const repeated = postings([0, 1, 2, 3], [5, 5, 5, 1]);
    const [repeats = 0, both = 0] = scoreQuestion(scorer(), [repeated, postings([4])]);
    expect(both).toBeGreaterThan(repeats);
    expect(repeats).toBeGreaterThan(0);
  });

  it('GIVEN a term in every article THEN it weighs less than one in a single article, however many passages hold it', () => {
    const [everywhere = 0] = scoreQuestion(scorer(), [postings([0, 3, 6])]);
    const [rare = 0] = scoreQuestion(scorer(), [postings([0])]);
    const [rareInThree = 0] = scoreQuestion(scorer(), [postings([0, 1, 2])]);
    expect(rare).toBeGreaterThan(everywhere);
    // The idf counts articles: three passages of one article are still one article.
    expect(rareInThree).toBeGreaterThan(rare);
  });

  it('GIVEN two forms of one word THEN the word counts once, through its better form', () => {
    const articles = scorer();
    articles.start();
    articles.offer(postings([0]), 1);
    articles.offer(postings([0, 1, 2]), 0.5);
    articles.endWord(0);
    const [viaBest = 0] = articles.finish(0.5);
    const [exactOnly = 0] = scoreQuestion(scorer(), [postings([0])]);
    const [relatedOnly = 0] = scoreQuestion(scorer(), [postings([0, 1, 2])]);
    expect(viaBest).toBeCloseTo(Math.max(exactOnly, relatedOnly * 0.5), 10);
  });

  it('GIVEN a second question THEN nothing of the first remains', () => {
    const articles = scorer();
    scoreQuestion(articles, [postings([0, 1]), postings([4])]);
    expect(scoreQuestion(articles, [postings([7])])).toEqual(scoreQuestion(scorer(), [postings([7])]));
  });
});

/**
 * Article-level evidence for stage 1 of search. Among thousands of stories, a question about one
 * of them shares a word or two with many passages of other stories by chance, while the story it
 * is about matches many of its words across its paragraphs. So each article is also scored as
 * one document: BM25+ over the whole article (a term's frequency summed over its passages, the
 * article's length the sum of theirs, idf counted in articles), each question word once through
 * its best form, and articles matching more of the question's words rewarded as passages are.
 * Stage 1 adds that score, weighted, to each passage of the article.
 *
 * The article statistics are read from the passage postings as stage 1 reads them: no second
 * index, and nothing to load at start-up but one length per article.
 */
import type { TermPostings } from './postings.ts';

/** BM25+ parameters, as for passages. */
export interface ArticleBm25 {
  k: number;
  b: number;
  d: number;
}

/**
 * Scores articles for one question at a time: `start`, then for each question word `offer` the
 * postings of each of its forms and `endWord`, then `finish`. Reused across questions.
 */
export class ArticleScorer {
  /** Article number (0-based, in corpus order) per passage id. */
  readonly #articleOf: Int32Array;
  /** Per article: `k * (1 - b + b * length / averageLength)`. */
  readonly #norm: Float64Array;
  readonly #bm25: ArticleBm25;
  /** The current term's frequency per article, and the articles that have one. */
  readonly #tf: Float64Array;
  readonly #touched: number[] = [];
  /** The current word's best score per article (through any of its forms). */
  readonly #wordBest: Float64Array;
  readonly #inWord: number[] = [];
  /** Per article: summed word scores, words matched, and the last word (unit) counted. */
  readonly #total: Float64Array;
  readonly #matched: Int32Array;
  readonly #lastUnit: Int32Array;
  readonly #inTally: number[] = [];
  /** Final scores of the last question, per article (0 for articles matching nothing). */
  readonly #scores: Float64Array;

  /**
   * `articleOf[passage]` is the article of each passage (an article's passages are consecutive,
   * so ascending passage ids meet each article once); `lengths[article]` its length, the sum of
   * its passages' field lengths.
   */
  constructor(articleOf: Int32Array, lengths: Float64Array, bm25: ArticleBm25) {
    this.#articleOf = articleOf;
    this.#bm25 = bm25;
    const articles = lengths.length;
    let sum = 0;
    for (const length of lengths) sum += length;
    const average = sum / Math.max(1, articles) || 1;
    this.#norm = lengths.map((length) => bm25.k * (1 - bm25.b + (bm25.b * length) / average));
    this.#tf = new Float64Array(articles);
    this.#wordBest = new Float64Array(articles);
    this.#total = new Float64Array(articles);
    this.#matched = new Int32Array(articles);
    this.#lastUnit = new Int32Array(articles);
    this.#scores = new Float64Array(articles);
  }

  /** Number of articles scored. */
  get articles(): number {
    return this.#scores.length;
  }

  /** Clears the previous question. */
  start(): this {
    for (const article of this.#inTally) {
      this.#total[article] = 0;
      this.#matched[article] = 0;
      this.#scores[article] = 0;
    }
    for (const article of this.#inWord) this.#wordBest[article] = 0;
    this.#inTally.length = 0;
    this.#inWord.length = 0;
    return this;
  }

  /** One form of the current word: its passage postings, and the form's weight. */
  offer({ ids, tfs }: TermPostings, weight: number): void {
    const articleOf = this.#articleOf;
    const tf = this.#tf;
    const touched = this.#touched;
    let last = -1;
    for (let i = 0; i < ids.length; i += 1) {
      const article = articleOf[ids[i] ?? 0] ?? 0;
      if (article !== last) {
        touched.push(article);
        last = article;
      }
      tf[article] = (tf[article] ?? 0) + (tfs[i] ?? 0);
    }
    const { k, d } = this.#bm25;
    const articles = this.#scores.length;
    const frequency = touched.length;
    const idf = Math.log(1 + (articles - frequency + 0.5) / (frequency + 0.5));
    for (const article of touched) {
      const count = tf[article] ?? 0;
      tf[article] = 0;
      const score = weight * idf * (d + (count * (k + 1)) / (count + (this.#norm[article] ?? 0)));
      const best = this.#wordBest[article] ?? 0;
      if (score > best) {
        if (best === 0) this.#inWord.push(article);
        this.#wordBest[article] = score;
      }
    }
    touched.length = 0;
  }

  /** Ends the current word; `unit` as in `CandidateTally.endWord` (a multi-word term counts once). */
  endWord(unit: number): void {
    for (const article of this.#inWord) {
      const score = this.#wordBest[article] ?? 0;
      this.#wordBest[article] = 0;
      if (this.#matched[article] === 0) {
        this.#inTally.push(article);
        this.#total[article] = score;
        this.#matched[article] = 1;
        this.#lastUnit[article] = unit;
      } else {
        this.#total[article] = (this.#total[article] ?? 0) + score;
        if (this.#lastUnit[article] !== unit) {
          this.#lastUnit[article] = unit;
          this.#matched[article] = (this.#matched[article] ?? 0) + 1;
        }
      }
    }
    this.#inWord.length = 0;
  }

  /** The question's score of each article: summed word scores × words matched^coordination. */
  finish(coordination: number): Float64Array {
    for (const article of this.#inTally) {
      const matched = this.#matched[article] ?? 0;
      this.#scores[article] = (this.#total[article] ?? 0) * matched ** coordination;
    }
    return this.#scores;
  }

  /** The article of a passage. */
  articleOf(passage: number): number {
    return this.#articleOf[passage] ?? 0;
  }
}

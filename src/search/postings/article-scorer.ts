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
import { CandidateTally } from './candidate-tally.ts';
import type { TermPostings } from './compact-postings.ts';

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
  /** Words' best scores summed per article, as `CandidateTally` sums them per passage. */
  readonly #tally: CandidateTally;
  /** Final scores of the last question, per article (0 for articles matching nothing), and the articles that have one. */
  readonly #scores: Float64Array;
  readonly #scored: number[] = [];

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
    this.#tally = new CandidateTally(articles);
    this.#scores = new Float64Array(articles);
  }

  /** Number of articles scored. */
  get articles(): number {
    return this.#scores.length;
  }

  /** Clears the previous question. */
  start(): this {
    for (const article of this.#scored) this.#scores[article] = 0;
    this.#scored.length = 0;
    this.#tally.start();
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
      this.#tally.offer(article, weight * idf * (d + (count * (k + 1)) / (count + (this.#norm[article] ?? 0))));
    }
    touched.length = 0;
  }

  /** Ends the current word; `unit` as in `CandidateTally.endWord` (a multi-word term counts once). */
  endWord(unit: number): void {
    this.#tally.endWord(unit);
  }

  /** The question's score of each article: summed word scores × words matched^coordination. */
  finish(coordination: number): Float64Array {
    this.#tally.each(coordination, (article, score) => {
      this.#scores[article] = score;
      this.#scored.push(article);
    });
    return this.#scores;
  }

  /** The article of a passage. */
  articleOf(passage: number): number {
    return this.#articleOf[passage] ?? 0;
  }
}

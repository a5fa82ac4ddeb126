/**
 * What re-ranking weighs by: how long sentences are on average, and how many passages each
 * broader term (hypernym or definition word) reaches. Over the whole corpus, or over one article
 * searched alone, so that a story's answers do not change when other stories join the corpus.
 */
import type { Passage } from '../types.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import type { PassageRange } from './postings/term-scorer.ts';
import { stem, wordTerms } from '../text/stem.ts';
import { splitWords } from '../text/words.ts';

/** What re-ranking weighs by, over the whole corpus or over the one article searched. */
export interface Statistics {
  passages: number;
  /** Mean content words per sentence, which sentence scores normalise by. */
  averageSentenceLength: number;
  /** Passages holding a word with this broader term (hypernym or definition word), per stem. */
  broaderFrequency: ReadonlyMap<string, number>;
}

/** Cap on remembered statistics of single articles searched alone. */
const RANGE_CACHE_SIZE = 1_000;

/** Inverse passage frequency of a broader term. */
export function broaderIdf(term: string, { passages, broaderFrequency }: Statistics): number {
  const frequency = broaderFrequency.get(term) ?? 0;
  return Math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5));
}

/**
 * How many passages each broader term (hypernym or definition word) reaches, from how many
 * passages use each word. A broader term reaches the passages of every word it is broader than
 * (an estimate: a passage with two such words counts twice, which only lowers a rare term's idf a little).
 */
export function broaderFrequencies(wordFrequency: Iterable<readonly [string, number]>, lexicon: Pick<Lexicon, 'broader' | 'definitions'>, passages: number): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const [word, frequency] of wordFrequency) {
    const related = new Set([...(lexicon.broader[word] ?? []), ...(lexicon.definitions[word] ?? [])].map(stem));
    for (const term of related) frequencies.set(term, Math.min(passages, (frequencies.get(term) ?? 0) + frequency));
  }
  return frequencies;
}

/** Re-ranking's statistics over some passages, counted as the build counts the corpus's. */
export function statisticsOf(passages: readonly Passage[], lexicon: Pick<Lexicon, 'broader' | 'definitions'>): Statistics {
  let contentWords = 0;
  let sentences = 0;
  const wordFrequency = new Map<string, number>();
  for (const passage of passages) {
    sentences += passage.sentences.length;
    const seen = new Set<string>();
    for (const word of splitWords(passage.text)) {
      if (wordTerms(word).length === 0) continue;
      contentWords += 1;
      seen.add(word.lower);
    }
    for (const word of seen) wordFrequency.set(word, (wordFrequency.get(word) ?? 0) + 1);
  }
  return {
    passages: passages.length,
    averageSentenceLength: Math.max(1, contentWords / Math.max(1, sentences)),
    broaderFrequency: broaderFrequencies(wordFrequency, lexicon, passages.length),
  };
}

/** The corpus's statistics, and each article's, worked out when that article is first searched alone. */
export class RangeStatistics {
  readonly #passages: readonly Passage[];
  readonly #lexicon: Pick<Lexicon, 'broader' | 'definitions'>;
  readonly #corpus: Statistics;
  readonly #cache = new Map<string, Statistics>();

  constructor(passages: readonly Passage[], lexicon: Pick<Lexicon, 'broader' | 'definitions'>, corpus: Statistics) {
    this.#passages = passages;
    this.#lexicon = lexicon;
    this.#corpus = corpus;
  }

  /** The statistics over the whole corpus. */
  get corpus(): Statistics {
    return this.#corpus;
  }

  /** The statistics over a range of passages (an article), or the corpus's when undefined. */
  of(range: PassageRange | undefined): Statistics {
    if (!range) return this.#corpus;
    const [first, end] = range;
    const key = `${first}:${end}`;
    let statistics = this.#cache.get(key);
    if (!statistics) {
      statistics = statisticsOf(this.#passages.slice(first, end), this.#lexicon);
      if (this.#cache.size >= RANGE_CACHE_SIZE) this.#cache.clear();
      this.#cache.set(key, statistics);
    }
    return statistics;
  }
}

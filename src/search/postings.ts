/**
 * Stage 1 of search without MiniSearch's result objects. `MiniSearch#search` builds an object per
 * matching document (with its matched terms and fields), sorts them all and returns them; over
 * 200,000 passages a common word matches tens of thousands, and a question asks for dozens of
 * words and forms. Here one term's BM25+ scores are read straight from MiniSearch's inverted index
 * into a caller's callback, and `CandidateTally` keeps the per-passage sums in typed arrays and
 * selects the best few without sorting everything.
 *
 * The scores are MiniSearch's own, computed with its formula in its order of operations, so
 * ranking does not change (`tests/search/postings.test.ts` compares them with `search`). This
 * reads fields MiniSearch does not export: the version is pinned in `package.json`.
 */
import type MiniSearch from 'minisearch';

/** The parts of a MiniSearch 7 instance that scoring reads. */
interface MiniSearchInternals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
}

/** A searched field: its name and boost (as MiniSearch's `searchOptions.boost`). */
export interface ScoredField {
  name: string;
  boost: number;
}

/** First and one-past-last passage id of a range (an article's passages are consecutive). */
export type PassageRange = readonly [number, number];

/** Per-field data for scoring: MiniSearch's field id, boost, and per document k × length norm. */
interface FieldScoring {
  id: number;
  boost: number;
  /** `k * (1 - b + b * length / averageLength)` per MiniSearch short id. */
  norm: Float64Array;
}

/** BM25+ scores of single terms, read from a MiniSearch index (no prefix or fuzzy matching). */
export class TermScorer {
  readonly #internals: MiniSearchInternals;
  readonly #fields: FieldScoring[];
  readonly #textField: number;
  readonly #bm25: { k: number; b: number; d: number };
  /** Passage id per MiniSearch short id. */
  readonly #passageIds: Int32Array;
  /** Score of the current term per passage, and the passages that have one. */
  readonly #scratch: Float64Array;
  readonly #touched: number[] = [];

  /**
   * `fields` in the order MiniSearch scores them (its `searchOptions.fields`); `textField` is
   * the field whose document frequency gives a term's idf for re-ranking.
   */
  constructor(index: MiniSearch, fields: readonly ScoredField[], textField: string, bm25: { k: number; b: number; d: number }) {
    this.#internals = index as unknown as MiniSearchInternals;
    this.#bm25 = bm25;
    const { _fieldIds: fieldIds, _fieldLength: fieldLength, _avgFieldLength: averages, _documentIds: documentIds } = this.#internals;
    let size = 0;
    for (const shortId of documentIds.keys()) size = Math.max(size, shortId + 1);
    this.#passageIds = new Int32Array(size).fill(-1);
    let passages = 0;
    for (const [shortId, id] of documentIds) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw new Error(`TermScorer: document id ${String(id)} is not a passage number`);
      this.#passageIds[shortId] = id;
      passages = Math.max(passages, id + 1);
    }
    this.#scratch = new Float64Array(passages);
    const { k, b } = bm25;
    this.#fields = fields.map(({ name, boost }) => {
      const id = fieldIds[name];
      if (id === undefined) throw new Error(`TermScorer: no field "${name}" in the index`);
      const average = averages[id] ?? 0;
      const norm = new Float64Array(size);
      for (const [shortId, lengths] of fieldLength) norm[shortId] = k * (1 - b + (b * (lengths[id] ?? 0)) / average);
      return { id, boost, norm };
    });
    const text = fieldIds[textField];
    if (text === undefined) throw new Error(`TermScorer: no field "${textField}" in the index`);
    this.#textField = text;
  }

  /** Inverse document frequency of a term in the text field, as re-ranking weighs it. */
  idf(term: string): number {
    const frequency = this.#internals._index.get(term)?.get(this.#textField)?.size ?? 0;
    const documents = this.#internals._documentCount;
    return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
  }

  /**
   * Calls `each(passage, score)` for every passage matching `term` (within `range` when given),
   * with the score `MiniSearch#search(term)` gives it: its fields' BM25+ scores times their boosts.
   */
  score(term: string, range: PassageRange | undefined, each: (id: number, score: number) => void): void {
    const data = this.#internals._index.get(term);
    if (!data) return;
    const { k, d } = this.#bm25;
    const documents = this.#internals._documentCount;
    const scratch = this.#scratch;
    const touched = this.#touched;
    const low = range?.[0] ?? 0;
    const high = range?.[1] ?? scratch.length;
    for (const field of this.#fields) {
      const frequencies = data.get(field.id);
      if (!frequencies) continue;
      const matching = frequencies.size;
      const inverse = Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
      const { norm, boost } = field;
      for (const [shortId, tf] of frequencies) {
        const id = this.#passageIds[shortId] ?? -1;
        if (id < low || id >= high) continue;
        const raw = inverse * (d + (tf * (k + 1)) / (tf + (norm[shortId] ?? 0)));
        if (scratch[id] === 0) touched.push(id);
        scratch[id] = (scratch[id] ?? 0) + boost * raw;
      }
    }
    for (const id of touched) {
      each(id, scratch[id] ?? 0);
      scratch[id] = 0;
    }
    touched.length = 0;
  }
}

/** A passage chosen for re-ranking. */
export interface Candidate {
  id: number;
  score: number;
  /** Question words (multi-word terms once) it matches. */
  matched: number;
}

/**
 * Sums question words' best scores per passage, counting each word (or multi-word term) once, and
 * keeps the best passages: `offer` the scores of one word's forms, `endWord`, and after the last
 * word `best`. Reused across questions: `start` clears the previous one.
 */
export class CandidateTally {
  readonly #total: Float64Array;
  readonly #matched: Int32Array;
  readonly #lastUnit: Int32Array;
  readonly #wordBest: Float64Array;
  readonly #inTally: number[] = [];
  readonly #inWord: number[] = [];

  constructor(passages: number) {
    this.#total = new Float64Array(passages);
    this.#matched = new Int32Array(passages);
    this.#lastUnit = new Int32Array(passages);
    this.#wordBest = new Float64Array(passages);
  }

  /** Clears the previous question's tally. */
  start(): this {
    for (const id of this.#inTally) {
      this.#total[id] = 0;
      this.#matched[id] = 0;
    }
    for (const id of this.#inWord) this.#wordBest[id] = 0;
    this.#inTally.length = 0;
    this.#inWord.length = 0;
    return this;
  }

  /** A score of the current word for a passage (through one form): the best form counts. */
  offer(id: number, score: number): void {
    const best = this.#wordBest[id] ?? 0;
    if (!(score > best)) return;
    if (best === 0) this.#inWord.push(id);
    this.#wordBest[id] = score;
  }

  /**
   * Adds the current word's best scores to the passages' totals. `unit` is the first word of the
   * multi-word term it belongs to: the words of one term are consecutive, so a passage has
   * counted the term already exactly when the last unit it counted is this one.
   */
  endWord(unit: number): void {
    for (const id of this.#inWord) {
      const score = this.#wordBest[id] ?? 0;
      this.#wordBest[id] = 0;
      if (this.#matched[id] === 0) {
        this.#inTally.push(id);
        this.#total[id] = score;
        this.#matched[id] = 1;
        this.#lastUnit[id] = unit;
      } else {
        this.#total[id] = (this.#total[id] ?? 0) + score;
        if (this.#lastUnit[id] !== unit) {
          this.#lastUnit[id] = unit;
          this.#matched[id] = (this.#matched[id] ?? 0) + 1;
        }
      }
    }
    this.#inWord.length = 0;
  }

  /** The `depth` best passages by total × matched^coordination, best first (ties: lower id first). */
  best(depth: number, coordination: number): Candidate[] {
    const kept: Candidate[] = [];
    if (depth <= 0) return kept;
    // matched ** coordination for each count, worked out once (the same doubles as computed inline).
    const rewards: number[] = [];
    const before = (score: number, id: number, other: Candidate) => score > other.score || (score === other.score && id < other.id);
    for (const id of this.#inTally) {
      const matched = this.#matched[id] ?? 0;
      const score = (this.#total[id] ?? 0) * (rewards[matched] ??= matched ** coordination);
      const last = kept[kept.length - 1];
      if (last && kept.length >= depth && !before(score, id, last)) continue;
      let at = kept.length;
      while (at > 0 && before(score, id, kept[at - 1] as Candidate)) at -= 1;
      kept.splice(at, 0, { id, score, matched });
      if (kept.length > depth) kept.pop();
    }
    return kept;
  }
}

/**
 * BM25+ scores of single terms, read from frozen postings (see `compact-postings.ts`), with
 * MiniSearch's own formula so that ranking is MiniSearch's.
 */
import { firstAtLeast, type CompactPostings, type FieldPostings } from './compact-postings.ts';

/** A searched field: its name and boost (as MiniSearch's `searchOptions.boost`). */
export interface ScoredField {
  name: string;
  boost: number;
}

/** First and one-past-last passage id of a range (an article's passages are consecutive). */
export type PassageRange = readonly [number, number];

/** Per-field data for scoring: its postings, boost, and per passage k × length norm. */
interface FieldScoring {
  postings: FieldPostings;
  boost: number;
  /** `k * (1 - b + b * length / averageLength)` per passage id. */
  norm: Float64Array;
  /** The last range whose mean length was asked for: first, one past the last, mean. */
  rangeMean?: [number, number, number];
}

/** BM25+ scores of single terms, read from a `CompactPostings` (no prefix or fuzzy matching). */
export class TermScorer {
  readonly #store: CompactPostings;
  readonly #fields: FieldScoring[];
  readonly #textField: FieldPostings;
  readonly #bm25: { k: number; b: number; d: number };
  /** Score of the current term per passage, and the passages that have one. */
  readonly #scratch: Float64Array;
  readonly #touched: number[] = [];

  /**
   * `fields` in the order MiniSearch scores them (its `searchOptions.fields`); `textField` is
   * the field whose document frequency gives a term's idf for re-ranking.
   */
  constructor(store: CompactPostings, fields: readonly ScoredField[], textField: string, bm25: { k: number; b: number; d: number }) {
    this.#store = store;
    this.#bm25 = bm25;
    this.#scratch = new Float64Array(store.passages);
    const { k, b } = bm25;
    this.#fields = fields.map(({ name, boost }) => {
      const postings = store.field(name);
      if (!postings) throw new Error(`TermScorer: no field "${name}" in the index`);
      const { lengths, averageLength } = postings;
      const norm = new Float64Array(lengths.length);
      for (let id = 0; id < lengths.length; id += 1) norm[id] = k * (1 - b + (b * (lengths[id] ?? 0)) / averageLength);
      return { postings, boost, norm };
    });
    const text = store.field(textField);
    if (!text) throw new Error(`TermScorer: no field "${textField}" in the index`);
    this.#textField = text;
  }

  /**
   * Inverse document frequency of a term in the text field, as re-ranking weighs it: over every
   * passage, or over the passages of `within` only.
   */
  idf(term: string, within?: PassageRange): number {
    const t = this.#store.termId(term);
    const { offsets, ids } = this.#textField;
    const start = t === undefined ? 0 : (offsets[t] ?? 0);
    const end = t === undefined ? 0 : (offsets[t + 1] ?? 0);
    const frequency = within ? countWithin(ids, start, end, within) : end - start;
    const documents = within ? within[1] - within[0] : this.#store.documentCount;
    return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
  }

  /**
   * Calls `each(passage, score)` for every passage matching `term` (within `range` when given),
   * with the score `MiniSearch#search(term)` gives it: its fields' BM25+ scores times their boosts.
   *
   * `statistics` is the passages whose document frequencies and mean lengths the scores use: the
   * whole store when undefined, as MiniSearch does. Given a range (an article's passages), the
   * scores are the ones an index of those passages alone gives (up to rounding of the mean
   * length), whatever else the store holds.
   */
  score(term: string, range: PassageRange | undefined, each: (id: number, score: number) => void, statistics?: PassageRange): void {
    const t = this.#store.termId(term);
    if (t === undefined) return;
    const { k, b, d } = this.#bm25;
    const documents = statistics ? statistics[1] - statistics[0] : this.#store.documentCount;
    const scratch = this.#scratch;
    const touched = this.#touched;
    const low = range?.[0] ?? 0;
    const high = range?.[1] ?? scratch.length;
    for (const field of this.#fields) {
      const { offsets, ids, tfs, lengths } = field.postings;
      const start = offsets[t] ?? 0;
      const end = offsets[t + 1] ?? 0;
      const matching = statistics ? countWithin(ids, start, end, statistics) : end - start;
      if (matching === 0) continue;
      const inverse = Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
      const averageLength = statistics ? this.#averageLength(field, statistics) : 0;
      // Ids ascend: an article's passages start where a binary search says and end at the first id past it.
      for (let i = low > 0 ? firstAtLeast(ids, low, start, end) : start; i < end; i += 1) {
        const id = ids[i] ?? 0;
        if (id >= high) break;
        const tf = tfs[i] ?? 0;
        const norm = statistics ? k * (1 - b + (b * (lengths[id] ?? 0)) / averageLength) : (field.norm[id] ?? 0);
        const raw = inverse * (d + (tf * (k + 1)) / (tf + norm));
        if (scratch[id] === 0) touched.push(id);
        scratch[id] = (scratch[id] ?? 0) + field.boost * raw;
      }
    }
    for (const id of touched) {
      each(id, scratch[id] ?? 0);
      scratch[id] = 0;
    }
    touched.length = 0;
  }

  /** A field's mean length over a range of passages (remembered for the last range asked about). */
  #averageLength(field: FieldScoring, range: PassageRange): number {
    if (field.rangeMean?.[0] === range[0] && field.rangeMean[1] === range[1]) return field.rangeMean[2];
    let total = 0;
    for (let id = range[0]; id < range[1]; id += 1) total += field.postings.lengths[id] ?? 0;
    const mean = range[1] > range[0] ? total / (range[1] - range[0]) : 1;
    field.rangeMean = [range[0], range[1], mean || 1];
    return field.rangeMean[2];
  }
}

/** How many of `ids[start..end)` (ascending) fall within a range. */
function countWithin(ids: Int32Array, start: number, end: number, [first, last]: PassageRange): number {
  return firstAtLeast(ids, last, start, end) - firstAtLeast(ids, first, start, end);
}

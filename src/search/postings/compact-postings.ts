/**
 * Stage 1 of search without MiniSearch's result objects or its inverted index. MiniSearch builds
 * the index (`addAll`, with our tokenizer), and right after the build `CompactPostings` freezes it
 * into typed arrays: per field, each term's passages in ascending order with their term
 * frequencies, and each passage's field length. MiniSearch's Map-of-Maps index then becomes
 * garbage: over 200,000 passages it held most of the process's memory, and saving or loading it
 * as JSON made most of the start-up time, where typed arrays are written and read as they are.
 * Even so, one instance over every passage holds all its Maps at once until they are frozen, so
 * the index is built a part at a time (`build.ts`), and `CompactPostings.merge` joins the
 * frozen parts into exactly the store one instance over all passages would have given.
 *
 * Other scorers (per article, say) read a term's passages and frequencies with
 * `CompactPostings#postings`, as views of those arrays.
 *
 * `TermScorer` (`term-scorer.ts`) reads one term's BM25+ scores from the compact store into a caller's callback, and
 * `CandidateTally` (`candidate-tally.ts`) keeps the per-passage sums in typed arrays and selects the best few without
 * sorting everything (`MiniSearch#search` builds an object per matching document and sorts them
 * all; a common word matches tens of thousands of passages, and a question asks for dozens of
 * words and forms).
 *
 * The scores are MiniSearch's own, computed with its formula in its order of operations from the
 * lengths and averages it kept, so ranking does not change (`tests/search/postings.test.ts`
 * compares them with `search`). Freezing reads fields MiniSearch does not export: the version is
 * pinned in `package.json`.
 */
import type MiniSearch from 'minisearch';

/** The parts of a MiniSearch 7 instance that freezing reads. */
interface MiniSearchInternals {
  /** Term → field id → short document id → term frequency (a `SearchableMap`, iterable as a Map is). */
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
}

/** The largest term frequency a Uint16Array holds. */
const MAX_UINT16 = 0xffff;

/**
 * One field's postings, in columns. Term `t`'s postings are entries `offsets[t]` up to (not
 * including) `offsets[t + 1]` of `ids` and `tfs`.
 */
export interface FieldPostings {
  /** Where each term's postings start, by term id, and one entry more: where the last one ends. */
  readonly offsets: Uint32Array;
  /** Passage ids, ascending within each term. */
  readonly ids: Int32Array;
  /** How often the term occurs in the passage's field, at the same places as `ids`: a Uint16Array unless some frequency exceeds 65,535. */
  readonly tfs: Uint16Array | Uint32Array;
  /** Per passage id: the field's length as MiniSearch counts it (its distinct terms), which BM25 normalises by. */
  readonly lengths: Uint32Array;
  /** The mean of `lengths` as MiniSearch worked it out: a running mean, whose exact double scores depend on. */
  readonly averageLength: number;
}

/** One term's postings in one field: views of the store's arrays, not copies (do not write to them). */
export interface TermPostings {
  /** Passages whose field holds the term, ascending. */
  ids: Int32Array;
  /** How often the term occurs in each of those passages' field. */
  tfs: Uint16Array | Uint32Array;
}

/**
 * MiniSearch's inverted index frozen into typed arrays: a sorted term list (a term's id is its
 * place in it), and per field a `FieldPostings`. Loading one from a snapshot makes a handful of
 * array views and one Map of terms, never an object per posting.
 */
export class CompactPostings {
  /** Every index term, sorted as `Array#sort` sorts strings (by UTF-16 code units). */
  readonly terms: readonly string[];
  /** Passages the store covers: the length of every field's `lengths`, and one more than the highest passage id. */
  readonly passages: number;
  /** Documents MiniSearch indexed: the N of idf. */
  readonly documentCount: number;
  readonly #termIds = new Map<string, number>();
  readonly #fields: ReadonlyMap<string, FieldPostings>;

  /**
   * Takes the columns as they are (no copy), checking that they fit together: sorted terms,
   * offsets for each of them, passage ids ascending and within range. Throws naming what does
   * not fit, so a snapshot from a bug or another layout is refused rather than scored from.
   */
  constructor(terms: readonly string[], fields: ReadonlyMap<string, FieldPostings>, documentCount: number) {
    for (let t = 0; t < terms.length; t += 1) {
      const term = terms[t] as string;
      if (t > 0 && !((terms[t - 1] as string) < term)) throw new Error(`CompactPostings: term "${term}" is out of order or repeated`);
      this.#termIds.set(term, t);
    }
    let passages: number | undefined;
    for (const [name, { offsets, ids, tfs, lengths }] of fields) {
      passages ??= lengths.length;
      if (lengths.length !== passages) throw new Error(`CompactPostings: field "${name}" has lengths for ${lengths.length} passages, another field for ${passages}`);
      if (offsets.length !== terms.length + 1 || offsets[0] !== 0 || offsets[terms.length] !== ids.length || tfs.length !== ids.length) {
        throw new Error(`CompactPostings: field "${name}" has ${offsets.length} offsets, ${ids.length} passage ids and ${tfs.length} frequencies for ${terms.length} terms`);
      }
      for (let t = 0; t < terms.length; t += 1) {
        const start = offsets[t] ?? 0;
        const end = offsets[t + 1] ?? 0;
        if (end < start) throw new Error(`CompactPostings: field "${name}" ends the postings of "${terms[t]}" before they start`);
        let previous = -1;
        for (let i = start; i < end; i += 1) {
          const id = ids[i] ?? -1;
          if (id <= previous || id >= passages) throw new Error(`CompactPostings: field "${name}" lists passage ${id} for "${terms[t]}" out of order or out of range`);
          previous = id;
        }
      }
    }
    this.terms = terms;
    this.passages = passages ?? 0;
    this.documentCount = documentCount;
    this.#fields = fields;
  }

  /**
   * Freezes a MiniSearch index whose document ids are passage numbers (0, 1, 2…). The instance
   * is not changed; once the caller drops it, its Maps are garbage.
   */
  static fromMiniSearch(index: MiniSearch): CompactPostings {
    const internals = index as unknown as MiniSearchInternals;
    const passageOf = new Map<number, number>();
    let passages = 0;
    for (const [shortId, id] of internals._documentIds) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw new Error(`CompactPostings: document id ${String(id)} is not a passage number`);
      passageOf.set(shortId, id);
      passages = Math.max(passages, id + 1);
    }
    const entries = [...internals._index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const terms = entries.map(([term]) => term);
    const fields = new Map<string, FieldPostings>();
    for (const [name, fieldId] of Object.entries(internals._fieldIds)) {
      const offsets = new Uint32Array(terms.length + 1);
      let count = 0;
      entries.forEach(([, data], t) => {
        offsets[t] = count;
        count += data.get(fieldId)?.size ?? 0;
      });
      offsets[terms.length] = count;
      const ids = new Int32Array(count);
      const tfs = new Uint32Array(count);
      let at = 0;
      let highest = 0;
      for (const [term, data] of entries) {
        const start = at;
        let ascending = true;
        for (const [shortId, tf] of data.get(fieldId) ?? []) {
          const id = passageOf.get(shortId);
          // MiniSearch skips (and then forgets) postings of removed documents as it searches; the
          // passage index never removes any, so one here is a bug, not something to copy.
          if (id === undefined) throw new Error(`CompactPostings: "${term}" has a posting for removed document ${shortId}`);
          if (at > start && id < (ids[at - 1] ?? 0)) ascending = false;
          ids[at] = id;
          tfs[at] = tf;
          highest = Math.max(highest, tf);
          at += 1;
        }
        // Documents are added in passage order, so this is for ids added out of order.
        if (!ascending) sortPostings(ids, tfs, start, at);
      }
      const lengths = new Uint32Array(passages);
      for (const [shortId, fieldLengths] of internals._fieldLength) {
        const id = passageOf.get(shortId);
        if (id !== undefined) lengths[id] = fieldLengths[fieldId] ?? 0;
      }
      const averageLength = internals._avgFieldLength[fieldId] ?? 0;
      fields.set(name, { offsets, ids, tfs: highest <= MAX_UINT16 ? new Uint16Array(tfs) : tfs, lengths, averageLength });
    }
    return new CompactPostings(terms, fields, internals._documentCount);
  }

  /**
   * Joins stores frozen from MiniSearch instances over consecutive runs of passages, given in
   * passage order and each numbering its own passages from 0, into the store that one MiniSearch
   * over all of them gives, array for array. A part's passage ids move up by the passages of the
   * parts before it, so each term's postings still ascend. The average lengths are MiniSearch's
   * running mean, worked out again over all lengths in passage order so that the doubles are the
   * same; that holds only if every passage had every field (MiniSearch skips a missing field's
   * length), which the check of each part's own average catches in all but contrived cases.
   */
  static merge(parts: readonly CompactPostings[]): CompactPostings {
    const [first] = parts;
    if (!first) throw new Error('CompactPostings.merge: no parts to merge');
    const names = first.fieldNames;
    parts.forEach((part, p) => {
      if (part.documentCount !== part.passages) throw new Error(`CompactPostings.merge: part ${p} has ${part.documentCount} documents for ${part.passages} passages`);
      if (part.fieldNames.join() !== names.join()) throw new Error(`CompactPostings.merge: part ${p} has fields ${part.fieldNames.join()}, part 0 ${names.join()}`);
    });
    const terms = [...new Set(parts.flatMap((part) => part.terms))].sort();
    // Per part, each of its term ids' place in the merged list: both lists are sorted, so one walk.
    const mergedTermIds = parts.map((part) => {
      const mapped = new Uint32Array(part.terms.length);
      let merged = 0;
      part.terms.forEach((term, t) => {
        while (terms[merged] !== term) merged += 1;
        mapped[t] = merged;
      });
      return mapped;
    });
    const passages = parts.reduce((sum, part) => sum + part.passages, 0);
    const fields = new Map<string, FieldPostings>();
    for (const name of names) {
      const columns = parts.map((part) => part.field(name) as FieldPostings);
      const offsets = new Uint32Array(terms.length + 1);
      columns.forEach((column, p) => {
        if (runningMean(column.lengths) !== column.averageLength) {
          throw new Error(`CompactPostings.merge: part ${p}'s average length of "${name}", ${column.averageLength}, is not the running mean of its lengths (a passage without the field?)`);
        }
        (mergedTermIds[p] as Uint32Array).forEach((merged, t) => {
          offsets[merged + 1] = (offsets[merged + 1] ?? 0) + (column.offsets[t + 1] ?? 0) - (column.offsets[t] ?? 0);
        });
      });
      for (let t = 0; t < terms.length; t += 1) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
      const count = offsets[terms.length] ?? 0;
      const ids = new Int32Array(count);
      // fromMiniSearch widens a part's frequencies only when one exceeds a Uint16Array's range.
      const tfs = columns.some((column) => column.tfs instanceof Uint32Array) ? new Uint32Array(count) : new Uint16Array(count);
      const lengths = new Uint32Array(passages);
      // Where each term's next postings go: a part's land after those of the parts before it.
      const next = offsets.slice(0, terms.length);
      let firstPassage = 0;
      columns.forEach((column, p) => {
        (mergedTermIds[p] as Uint32Array).forEach((merged, t) => {
          const start = column.offsets[t] ?? 0;
          const end = column.offsets[t + 1] ?? 0;
          const at = next[merged] ?? 0;
          for (let i = start; i < end; i += 1) ids[at + i - start] = (column.ids[i] ?? 0) + firstPassage;
          tfs.set(column.tfs.subarray(start, end), at);
          next[merged] = at + end - start;
        });
        lengths.set(column.lengths, firstPassage);
        firstPassage += column.lengths.length;
      });
      fields.set(name, { offsets, ids, tfs, lengths, averageLength: runningMean(lengths) });
    }
    return new CompactPostings(terms, fields, parts.reduce((sum, part) => sum + part.documentCount, 0));
  }

  /** The fields, in MiniSearch's order. */
  get fieldNames(): string[] {
    return [...this.#fields.keys()];
  }

  /** Whether any passage uses the term, in any field. */
  has(term: string): boolean {
    return this.#termIds.has(term);
  }

  /** The term's id (its place in `terms`), or undefined for a term no passage uses. */
  termId(term: string): number | undefined {
    return this.#termIds.get(term);
  }

  /** A field's columns, for reads over many terms or passages; undefined for a field the index lacks. */
  field(name: string): FieldPostings | undefined {
    return this.#fields.get(name);
  }

  /**
   * The passages whose `field` holds `term`, ascending, with how often it occurs in each: views
   * of the store's arrays, so a read costs two small objects whatever the term's frequency.
   * Undefined when no passage's field holds the term. With `fieldLength` and the field's
   * `averageLength` (`field(name)`) this is what BM25 needs.
   */
  postings(term: string, field: string): TermPostings | undefined {
    const t = this.#termIds.get(term);
    const columns = this.#fields.get(field);
    if (t === undefined || !columns) return undefined;
    const start = columns.offsets[t] ?? 0;
    const end = columns.offsets[t + 1] ?? 0;
    if (end === start) return undefined;
    return { ids: columns.ids.subarray(start, end), tfs: columns.tfs.subarray(start, end) };
  }

  /** A passage's length in a field as BM25 normalises it (0 for a passage or field the store lacks). */
  fieldLength(field: string, passage: number): number {
    return this.#fields.get(field)?.lengths[passage] ?? 0;
  }
}

/**
 * The mean of a field's lengths as MiniSearch 7 keeps it: updated as each passage is added, with
 * its operations in its order (`addFieldLength`), so the double is the one its scores used.
 */
function runningMean(lengths: Uint32Array): number {
  let mean = 0;
  for (let n = 0; n < lengths.length; n += 1) mean = (mean * n + (lengths[n] ?? 0)) / (n + 1);
  return mean;
}

/** Sorts `ids[start..end)` ascending, moving each frequency with its id. */
function sortPostings(ids: Int32Array, tfs: Uint32Array, start: number, end: number): void {
  const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => (ids[a] ?? 0) - (ids[b] ?? 0));
  const sortedIds = order.map((i) => ids[i] ?? 0);
  const sortedTfs = order.map((i) => tfs[i] ?? 0);
  ids.set(sortedIds, start);
  tfs.set(sortedTfs, start);
}

/** The first place in `ids[start..end)` (ascending) holding `value` or more; `end` when none does. */
export function firstAtLeast(ids: Int32Array, value: number, start: number, end: number): number {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The passage index on disk, as one binary snapshot (`writeSnapshotBytes`): the compact postings
 * as typed arrays, which a start views in place, and what the index derives from the corpus.
 * JSON for the same postings meant parsing tens of megabytes and then an object per posting;
 * here a load hashes the file, parses a small JSON header and splits a few string lists.
 *
 * The body, in parts written with `aligned` and read back with `SnapshotReader`:
 * 1. the header's length in bytes (a Uint32), then the header: JSON holding the layout's name,
 *    the byte order, the counts and averages, the small tables (broader-term frequencies,
 *    aliases) and the size of every part that follows;
 * 2. the string lists as UTF-8 lines: the index terms (which are also the vocabulary), the words,
 *    proper words, hypernyms and phrases;
 * 3. per field, its postings' offsets, passage ids, term frequencies and lengths.
 * Arrays are in this machine's byte order; the header says which, and another is refused.
 */
import { endianness } from 'node:os';
import { aligned, SnapshotReader } from './snapshot.ts';
import type { Steps } from './steps.ts';
import type { Alias } from '../search/aliases.ts';
import type { IndexSnapshot } from '../search/passage-index.ts';
import { CompactPostings, type FieldPostings } from '../search/postings/compact-postings.ts';

/** The name of this layout: change it when the body changes, so an older file is rebuilt. */
const LAYOUT = 'storybot-index/3';
const LITTLE_ENDIAN = endianness() === 'LE';
/** Lines of a string list are joined by this; no term or word holds one (`splitWords` splits at spaces). */
const LINE_BREAK = '\n';

/** The string lists of a snapshot, in the order they are written. */
const LISTS = ['terms', 'words', 'properWords', 'hypernyms', 'phrases'] as const;

interface Header {
  layout: string;
  littleEndian: boolean;
  passages: number;
  documentCount: number;
  averageSentenceLength: number;
  broaderFrequency: readonly (readonly [string, number])[];
  /** Each title with the place in the corpus of the article giving it. */
  aliases: readonly (readonly [number, Alias])[];
  /** Per string list (in `LISTS` order): its UTF-8 bytes and its number of lines. */
  lists: { bytes: number; lines: number }[];
  /** The postings' fields, in MiniSearch's order: name, average length, and the sizes of their arrays. */
  fields: { name: string; averageLength: number; offsets: number; postings: number; wideTfs: boolean; lengths: number }[];
}

/** The parts of an index snapshot's body, for `writeSnapshotBytes`. */
export function encodeIndexSnapshot(snapshot: IndexSnapshot): ArrayBufferView[] {
  const { postings } = snapshot;
  const lists = LISTS.map((name) => {
    const list = name === 'terms' ? postings.terms : snapshot[name];
    const broken = list.find((item) => item.includes(LINE_BREAK));
    if (broken !== undefined) throw new Error(`encodeIndexSnapshot: ${name} entry ${JSON.stringify(broken)} holds a line break`);
    return { bytes: Buffer.from(list.join(LINE_BREAK)), lines: list.length };
  });
  const fields = postings.fieldNames.map((name) => ({ name, columns: postings.field(name) as FieldPostings }));
  const header: Header = {
    layout: LAYOUT,
    littleEndian: LITTLE_ENDIAN,
    passages: snapshot.passages,
    documentCount: postings.documentCount,
    averageSentenceLength: snapshot.averageSentenceLength,
    broaderFrequency: snapshot.broaderFrequency,
    aliases: snapshot.aliases,
    lists: lists.map(({ bytes, lines }) => ({ bytes: bytes.length, lines })),
    fields: fields.map(({ name, columns }) => ({
      name,
      averageLength: columns.averageLength,
      offsets: columns.offsets.length,
      postings: columns.ids.length,
      wideTfs: columns.tfs instanceof Uint32Array,
      lengths: columns.lengths.length,
    })),
  };
  const json = Buffer.from(JSON.stringify(header));
  return [
    new Uint32Array([json.length]),
    json,
    ...lists.map(({ bytes }) => bytes),
    ...fields.flatMap(({ columns }) => [columns.offsets, columns.ids, columns.tfs, columns.lengths]),
  ].flatMap(aligned);
}

/**
 * The index snapshot in a body that `readSnapshotBytes` returned (checksum verified, 8-byte
 * aligned), or undefined when it is not one of this layout or its parts do not fit together:
 * the caller rebuilds the index. The postings are views of `body`, not copies. In steps
 * (src/cache/steps.ts): it may pause between the string lists.
 */
export function* decodeIndexSnapshotSteps(body: Buffer): Steps<IndexSnapshot | undefined> {
  try {
    return yield* decode(new SnapshotReader(body));
  } catch {
    // Not JSON, not UTF-8, or postings that do not fit (CompactPostings names what): not served.
    return undefined;
  }
}

function* decode(reader: SnapshotReader): Steps<IndexSnapshot | undefined> {
  const [headerLength = -1] = reader.uint32(1) ?? [];
  const headerBytes = reader.bytes(headerLength);
  if (!headerBytes) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const header: unknown = JSON.parse(decoder.decode(headerBytes));
  if (!isHeader(header) || header.layout !== LAYOUT || header.littleEndian !== LITTLE_ENDIAN || header.lists.length !== LISTS.length) return undefined;
  const lists: string[][] = [];
  for (const { bytes, lines } of header.lists) {
    const text = reader.bytes(bytes);
    if (!text) return undefined;
    const items = lines === 0 ? [] : decoder.decode(text).split(LINE_BREAK);
    if (items.length !== lines) return undefined;
    lists.push(items);
    yield;
  }
  const [terms = [], words = [], properWords = [], hypernyms = [], phrases = []] = lists;
  const fields = new Map<string, FieldPostings>();
  for (const { name, averageLength, offsets: offsetCount, postings, wideTfs, lengths: lengthCount } of header.fields) {
    const offsets = reader.uint32(offsetCount);
    const ids = reader.int32(postings);
    const tfs = wideTfs ? reader.uint32(postings) : reader.uint16(postings);
    const lengths = reader.uint32(lengthCount);
    if (!offsets || !ids || !tfs || !lengths) return undefined;
    fields.set(name, { offsets, ids, tfs, lengths, averageLength });
  }
  if (!reader.done) return undefined;
  yield;
  return {
    passages: header.passages,
    postings: new CompactPostings(terms, fields, header.documentCount),
    words,
    averageSentenceLength: header.averageSentenceLength,
    properWords,
    hypernyms,
    broaderFrequency: header.broaderFrequency,
    aliases: header.aliases,
    phrases,
  };
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

const isAlias = (value: unknown): value is Alias => {
  if (value === null || typeof value !== 'object') return false;
  const alias = value as Partial<Record<keyof Alias, unknown>>;
  return isStrings(alias.title) && isStrings(alias.name) && isStrings(alias.possessor);
};

function isHeader(value: unknown): value is Header {
  if (value === null || typeof value !== 'object') return false;
  const header = value as Partial<Record<keyof Header, unknown>>;
  return (
    typeof header.layout === 'string' &&
    typeof header.littleEndian === 'boolean' &&
    typeof header.passages === 'number' &&
    typeof header.documentCount === 'number' &&
    typeof header.averageSentenceLength === 'number' &&
    Array.isArray(header.broaderFrequency) &&
    header.broaderFrequency.every((entry: unknown) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'number') &&
    Array.isArray(header.aliases) &&
    header.aliases.every((entry: unknown) => Array.isArray(entry) && entry.length === 2 && isCount(entry[0]) && isAlias(entry[1])) &&
    Array.isArray(header.lists) &&
    header.lists.every((list: Partial<Header['lists'][number]>) => isCount(list?.bytes) && isCount(list.lines)) &&
    Array.isArray(header.fields) &&
    header.fields.every(
      (field: Partial<Header['fields'][number]>) =>
        typeof field?.name === 'string' &&
        typeof field.averageLength === 'number' &&
        isCount(field.offsets) &&
        isCount(field.postings) &&
        typeof field.wideTfs === 'boolean' &&
        isCount(field.lengths),
    )
  );
}

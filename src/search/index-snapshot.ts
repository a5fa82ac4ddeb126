/**
 * The passage index on disk, as one binary snapshot (`writeSnapshotBytes`): the compact postings
 * as typed arrays, which a start views in place, and what the index derives from the corpus.
 * JSON for the same postings meant parsing tens of megabytes and then an object per posting;
 * here a load hashes the file, parses a small JSON header and splits a few string lists.
 *
 * The body, every part starting at a multiple of 8 bytes so that typed arrays can view it:
 * 1. the header's length in bytes, as a Uint32 (and four bytes of padding);
 * 2. the header: JSON padded with spaces, holding the layout's name, the counts and averages, the
 *    small tables (broader-term frequencies, aliases) and the list of columns that follow;
 * 3. the columns, in the header's order, each padded to 8 bytes: string lists as UTF-8 lines
 *    (the index terms, which are also the vocabulary, the words, proper words, hypernyms and
 *    phrases), then per field its postings' offsets, passage ids, term frequencies and lengths.
 * Arrays are in this machine's byte order; the header says which, and another is refused.
 */
import { endianness } from 'node:os';
import type { Alias } from './aliases.ts';
import type { IndexSnapshot } from './index.ts';
import { CompactPostings, type FieldPostings } from './postings.ts';

/** The name of this layout: change it when the body changes, so an older file is rebuilt. */
const LAYOUT = 'storybot-index/1';
const LITTLE_ENDIAN = endianness() === 'LE';
/** Lines of a string list are joined by this; no term or word holds one (`splitWords` splits at spaces). */
const LINE_BREAK = '\n';

const ARRAY_TYPES = { Uint8: Uint8Array, Uint16: Uint16Array, Uint32: Uint32Array, Int32: Int32Array } as const;
type ArrayType = keyof typeof ARRAY_TYPES;

/** One column of the body: its name, element type and length, and for a string list how many strings. */
interface Column {
  name: string;
  type: ArrayType;
  length: number;
  lines?: number;
}

interface Header {
  layout: string;
  littleEndian: boolean;
  passages: number;
  documentCount: number;
  averageSentenceLength: number;
  /** The postings' fields, in MiniSearch's order, and their average lengths. */
  fields: { name: string; averageLength: number }[];
  broaderFrequency: [string, number][];
  aliases: [string, Alias][];
  columns: Column[];
}

/** The string lists of a snapshot, by column name. */
const LISTS = ['terms', 'words', 'properWords', 'hypernyms', 'phrases'] as const;

const padding = (bytes: number) => (8 - (bytes % 8)) % 8;

/** The parts of an index snapshot's body, for `writeSnapshotBytes`. */
export function encodeIndexSnapshot(snapshot: IndexSnapshot): ArrayBufferView[] {
  const { postings } = snapshot;
  const columns: Column[] = [];
  const parts: ArrayBufferView[] = [];
  const add = (name: string, type: ArrayType, array: ArrayBufferView & { length: number }, lines?: number) => {
    columns.push(lines === undefined ? { name, type, length: array.length } : { name, type, length: array.length, lines });
    parts.push(array, new Uint8Array(padding(array.byteLength)));
  };
  const encoder = new TextEncoder();
  const lists: Record<(typeof LISTS)[number], readonly string[]> = {
    terms: postings.terms,
    words: snapshot.words,
    properWords: snapshot.properWords,
    hypernyms: snapshot.hypernyms,
    phrases: snapshot.phrases,
  };
  for (const name of LISTS) {
    const list = lists[name];
    const broken = list.find((item) => item.includes(LINE_BREAK));
    if (broken !== undefined) throw new Error(`encodeIndexSnapshot: ${name} entry ${JSON.stringify(broken)} holds a line break`);
    add(name, 'Uint8', encoder.encode(list.join(LINE_BREAK)), list.length);
  }
  const fields: Header['fields'] = [];
  for (const name of postings.fieldNames) {
    const field = postings.field(name) as FieldPostings;
    fields.push({ name, averageLength: field.averageLength });
    add(`${name}.offsets`, 'Uint32', field.offsets);
    add(`${name}.ids`, 'Int32', field.ids);
    add(`${name}.tfs`, field.tfs instanceof Uint16Array ? 'Uint16' : 'Uint32', field.tfs);
    add(`${name}.lengths`, 'Uint32', field.lengths);
  }
  const header: Header = {
    layout: LAYOUT,
    littleEndian: LITTLE_ENDIAN,
    passages: snapshot.passages,
    documentCount: postings.documentCount,
    averageSentenceLength: snapshot.averageSentenceLength,
    fields,
    broaderFrequency: snapshot.broaderFrequency.map(([term, frequency]) => [term, frequency]),
    aliases: snapshot.aliases.map(([key, alias]) => [key, alias]),
    columns,
  };
  const json = encoder.encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(json.length + padding(json.length)).fill(0x20);
  headerBytes.set(json);
  return [new Uint32Array([headerBytes.length, 0]), headerBytes, ...parts];
}

/**
 * The index snapshot in a body that `readSnapshotBytes` returned (checksum verified, 8-byte
 * aligned), or undefined when it is not one of this layout or its parts do not fit together:
 * the caller rebuilds the index. The postings are views of `body`, not copies.
 */
export function decodeIndexSnapshot(body: Uint8Array): IndexSnapshot | undefined {
  try {
    return decode(body);
  } catch {
    // Not JSON, not UTF-8, or postings that do not fit (CompactPostings names what): not served.
    return undefined;
  }
}

function decode(body: Uint8Array): IndexSnapshot | undefined {
  if (body.byteOffset % 8 !== 0 || body.length < 8) return undefined;
  const headerLength = new Uint32Array(body.buffer, body.byteOffset, 1)[0] ?? 0;
  if (8 + headerLength > body.length) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const header: unknown = JSON.parse(decoder.decode(body.subarray(8, 8 + headerLength)));
  if (!isHeader(header) || header.layout !== LAYOUT || header.littleEndian !== LITTLE_ENDIAN) return undefined;
  const arrays = new Map<string, { type: ArrayType; array: Uint8Array | Uint16Array | Uint32Array | Int32Array; lines?: number }>();
  let at = 8 + headerLength;
  for (const { name, type, length, lines } of header.columns) {
    const kind = ARRAY_TYPES[type];
    const bytes = length * kind.BYTES_PER_ELEMENT;
    if (at + bytes > body.length) return undefined;
    arrays.set(name, { type, array: new kind(body.buffer as ArrayBuffer, body.byteOffset + at, length), lines });
    at += bytes + padding(bytes);
  }
  if (at !== body.length) return undefined;

  const list = (name: string): string[] | undefined => {
    const column = arrays.get(name);
    if (column?.type !== 'Uint8' || column.lines === undefined) return undefined;
    const items = column.lines === 0 ? [] : decoder.decode(column.array).split(LINE_BREAK);
    return items.length === column.lines ? items : undefined;
  };
  const typed = <T extends ArrayType>(name: string, ...types: T[]): InstanceType<(typeof ARRAY_TYPES)[T]> | undefined => {
    const column = arrays.get(name);
    return column && (types as ArrayType[]).includes(column.type) ? (column.array as InstanceType<(typeof ARRAY_TYPES)[T]>) : undefined;
  };
  const [terms, words, properWords, hypernyms, phrases] = LISTS.map(list);
  if (!terms || !words || !properWords || !hypernyms || !phrases) return undefined;
  const fields = new Map<string, FieldPostings>();
  for (const { name, averageLength } of header.fields) {
    const offsets = typed(`${name}.offsets`, 'Uint32');
    const ids = typed(`${name}.ids`, 'Int32');
    const tfs = typed(`${name}.tfs`, 'Uint16', 'Uint32');
    const lengths = typed(`${name}.lengths`, 'Uint32');
    if (!offsets || !ids || !tfs || !lengths) return undefined;
    fields.set(name, { offsets, ids, tfs, lengths, averageLength });
  }
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
    Array.isArray(header.fields) &&
    header.fields.every((field: Partial<Header['fields'][number]>) => typeof field?.name === 'string' && typeof field.averageLength === 'number') &&
    Array.isArray(header.broaderFrequency) &&
    header.broaderFrequency.every((entry: unknown) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'number') &&
    Array.isArray(header.aliases) &&
    header.aliases.every((entry: unknown) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && isAlias(entry[1])) &&
    Array.isArray(header.columns) &&
    header.columns.every(
      (column: Partial<Column>) =>
        typeof column?.name === 'string' &&
        typeof column.type === 'string' &&
        Object.hasOwn(ARRAY_TYPES, column.type) &&
        Number.isInteger(column.length) &&
        (column.length ?? -1) >= 0 &&
        (column.lines === undefined || Number.isInteger(column.lines)),
    )
  );
}

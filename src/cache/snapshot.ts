/**
 * Snapshots: work derived from the corpus (statements found by attribution, and the like) saved
 * to disk so start-up loads it instead of redoing it. A snapshot is keyed by a content hash of
 * the corpus and of the code that derives it, never by timestamps: change an article or the
 * engine and the old snapshot no longer matches, so it is rebuilt, not served.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../paths.ts';
import type { Article } from '../types.ts';

/** Bump when the layout of a snapshot file changes. */
export const SNAPSHOT_FORMAT = 2;
/** Where snapshots live unless the caller names another folder. */
export const DEFAULT_CACHE_DIR = resolve(REPO_ROOT, '.cache');
/** Snapshots of one kind kept on disk (other corpora, older code); the least recently written go. */
const KEPT_SNAPSHOTS = 8;

/**
 * The folders whose code and data (word lists, weights) derive what snapshots hold, subfolders
 * included, this one too (it holds the codecs): a change to any file there invalidates them.
 * Compiled (`npm start`), still the TypeScript sources in src/, which dist/ is compiled from
 * whenever they change: the compiled bot and the TypeScript tools then share one set of
 * snapshots instead of building two. A copy shipped without src/ hashes the compiled files.
 */
const ENGINE_ROOT = existsSync(join(REPO_ROOT, 'src', 'cache')) ? join(REPO_ROOT, 'src') : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE_DIRS = ['text', 'corpus', 'search', 'answer', 'cache'].map((folder) => join(ENGINE_ROOT, folder));

let engineHash: string | undefined;

/** A hash of the engine's own source and data files, so a snapshot made by other code is never served. */
function hashEngine(): string {
  if (engineHash === undefined) {
    const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
    for (const dir of ENGINE_DIRS) {
      const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
      for (const name of names) {
        if (/\.(ts|js|json)$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
      }
    }
    engineHash = hash.digest('hex');
  }
  return engineHash;
}

/**
 * The content hash of a corpus's files as they are on disk (names and bytes, in the order given)
 * together with the engine that reads them: known before any file is parsed, so a start-up can
 * look for the parsed corpus in a snapshot.
 */
export function snapshotKeyOfFiles(files: Iterable<readonly [name: string, bytes: Uint8Array]>): string {
  const key = new FilesKey();
  for (const [name, bytes] of files) key.add(name, bytes);
  return key.digest();
}

/** `snapshotKeyOfFiles` a file at a time, so that hashing a large corpus can pause between files. */
export class FilesKey {
  readonly #hash = createHash('sha256').update(hashEngine()).update('files\n');

  /** Adds the next file, in corpus order. */
  add(name: string, bytes: Uint8Array): void {
    this.#hash.update(`${name}\n${bytes.length}\n`).update(bytes);
  }

  /** Adds a file that cannot be read, by its name and what is wrong with it (never confused with a file's bytes). */
  addUnreadable(name: string, problem: string): void {
    this.#hash.update(`${name}\nunreadable\n${problem}\n`);
  }

  /** The key of the files added. */
  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** The content hash of a loaded corpus together with the engine that reads it. */
export function snapshotKey(articles: readonly Article[]): string {
  const hash = createHash('sha256').update(hashEngine());
  for (const { id, title, publisher, published, url, text } of articles) {
    hash.update(JSON.stringify([id, title, publisher, published, url, text]));
  }
  return hash.digest('hex');
}

function fileFor(dir: string, kind: string, key: string, extension: 'json' | 'bin'): string {
  return join(dir, `${kind}-${key.slice(0, 16)}.${extension}`);
}

/**
 * The snapshot of `kind` for `key`, or undefined when there is none, or it is for another key or
 * format, or it is corrupt (truncated, a byte changed, not JSON, failing `isValid`): the caller
 * rebuilds it. The JSON is checked like a binary body, so a changed digit is caught too, not only
 * a broken shape.
 */
export function readSnapshot<T>(dir: string | null, kind: string, key: string, isValid: (data: unknown) => data is T): T | undefined {
  const body = readChecked(dir, kind, key, 'json');
  if (!body) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  return isValid(data) ? data : undefined;
}

/**
 * Saves a snapshot as JSON, atomically (written aside, then renamed, so a crash never leaves half
 * a file where a reader looks). Returns false when the folder cannot be written: the bot then
 * works from memory, as it would without snapshots.
 */
export function writeSnapshot<T>(dir: string | null, kind: string, key: string, data: T): boolean {
  return writeChecked(dir, kind, key, 'json', [Buffer.from(JSON.stringify(data))]);
}

/**
 * Every snapshot file, JSON or binary: `STORYBOT-SNAPSHOT\n`, one line of JSON (format, kind,
 * key, byte length and SHA-1 of the body) padded so that the body starts at a multiple of 8
 * bytes, then the body. The checksum catches a flipped byte as well as a truncated
 * file; hashing is about 1 ms per megabyte, far cheaper than parsing the same data as JSON.
 */
const BINARY_MAGIC = 'STORYBOT-SNAPSHOT\n';

interface BinaryHeader {
  format: number;
  kind: string;
  key: string;
  length: number;
  sha1: string;
}

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

/**
 * The body of the binary snapshot of `kind` for `key`, or undefined when there is none, or it is
 * for another key or format, or its length or checksum is wrong: the caller rebuilds it. The
 * bytes are a view of the file as read (a Buffer), never shared with another caller.
 */
export function readSnapshotBytes(dir: string | null, kind: string, key: string): Buffer | undefined {
  return readChecked(dir, kind, key, 'bin');
}

function readChecked(dir: string | null, kind: string, key: string, extension: 'json' | 'bin'): Buffer | undefined {
  if (dir === null) return undefined;
  let file: Buffer;
  try {
    file = readFileSync(fileFor(dir, kind, key, extension));
  } catch {
    return undefined;
  }
  const magic = Buffer.from(BINARY_MAGIC);
  if (!file.subarray(0, magic.length).equals(magic)) return undefined;
  const newline = file.indexOf(0x0a, magic.length);
  if (newline < 0) return undefined;
  let header: Partial<BinaryHeader>;
  try {
    header = JSON.parse(file.subarray(magic.length, newline).toString('utf8')) as Partial<BinaryHeader>;
  } catch {
    return undefined;
  }
  const body = file.subarray(newline + 1);
  if (header.format !== SNAPSHOT_FORMAT || header.kind !== kind || header.key !== key || header.length !== body.length || header.sha1 !== sha1(body)) return undefined;
  // Typed arrays over the body need it aligned to 8 bytes; the writer pads the header for that.
  return body.byteOffset % 8 === 0 ? body : Buffer.from(new Uint8Array(body));
}

/**
 * Saves a binary snapshot atomically, as `writeSnapshot` does for JSON. `parts` are written one
 * after another as the body (typed arrays as their bytes, in this machine's byte order, so a
 * reader on the same machine reads them back; pad parts to 8 bytes where a typed array follows
 * that needs it). `readSnapshotBytes` returns the body 8-byte aligned. Returns false when the folder cannot be
 * written.
 */
export function writeSnapshotBytes(dir: string | null, kind: string, key: string, parts: readonly ArrayBufferView[]): boolean {
  return writeChecked(dir, kind, key, 'bin', parts);
}

function writeChecked(dir: string | null, kind: string, key: string, extension: 'json' | 'bin', parts: readonly ArrayBufferView[]): boolean {
  if (dir === null) return false;
  // The parts are hashed and written one by one: a body of tens of megabytes is never copied whole.
  const bytes = parts.map((part) => new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  const hash = createHash('sha1');
  let length = 0;
  for (const part of bytes) {
    hash.update(part);
    length += part.length;
  }
  const header: BinaryHeader = { format: SNAPSHOT_FORMAT, kind, key, length, sha1: hash.digest('hex') };
  let line = `${BINARY_MAGIC}${JSON.stringify(header)}`;
  line += `${' '.repeat((8 - ((Buffer.byteLength(line) + 1) % 8)) % 8)}\n`;
  return writeAtomically(dir, kind, fileFor(dir, kind, key, extension), [Buffer.from(line), ...bytes]);
}

/** Writes `parts` to `file` aside, then renames it into place, so a reader never sees half a file. */
function writeAtomically(dir: string, kind: string, file: string, parts: readonly Uint8Array[]): boolean {
  const aside = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(aside, 'w');
    try {
      for (const part of parts) writeFully(fd, part);
    } finally {
      closeSync(fd);
    }
    renameSync(aside, file);
    pruneSnapshots(dir, kind);
    return true;
  } catch {
    try {
      rmSync(aside, { force: true });
    } catch {
      // Nothing was written aside: the folder itself is unusable.
    }
    return false;
  }
}

/** Writes all of `bytes` (one `writeSync` may write less than it was given). */
function writeFully(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}

function pruneSnapshots(dir: string, kind: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith(`${kind}-`) && (name.endsWith('.json') || name.endsWith('.bin')))
    .map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of files.slice(KEPT_SNAPSHOTS)) rmSync(join(dir, name), { force: true });
}

/**
 * One part of a binary snapshot body followed by the zeros that pad it to a multiple of 8 bytes,
 * so that a typed array written after it starts aligned. Write every part through this, and
 * `SnapshotReader` reads them back.
 */
export function aligned(part: ArrayBufferView): ArrayBufferView[] {
  const padding = (8 - (part.byteLength % 8)) % 8;
  return padding === 0 ? [part] : [part, new Uint8Array(padding)];
}

/**
 * Reads back, in order, the parts of a binary snapshot body written with `aligned`. Typed arrays
 * are views of the body, not copies. A read past the end gives undefined: the body is not what
 * the reader expects, and the caller rebuilds the snapshot.
 */
export class SnapshotReader {
  #at = 0;

  constructor(
    /** The body, as `readSnapshotBytes` returns it (aligned to 8 bytes). */
    readonly body: Buffer,
  ) {}

  /** The next `length` 32-bit unsigned numbers. */
  uint32(length: number): Uint32Array | undefined {
    return this.#view(Uint32Array, length);
  }

  /** The next `length` 32-bit signed numbers. */
  int32(length: number): Int32Array | undefined {
    return this.#view(Int32Array, length);
  }

  /** The next `length` 16-bit unsigned numbers. */
  uint16(length: number): Uint16Array | undefined {
    return this.#view(Uint16Array, length);
  }

  /** The next `length` 64-bit floating-point numbers. */
  float64(length: number): Float64Array | undefined {
    return this.#view(Float64Array, length);
  }

  /** The next `bytes` bytes as a UTF-8 buffer (a view of the body). */
  bytes(bytes: number): Buffer | undefined {
    const at = this.#take(bytes);
    return at === undefined ? undefined : this.body.subarray(at, at + bytes);
  }

  /** Whether every byte of the body has been read: a body longer than its parts is not trusted either. */
  get done(): boolean {
    return this.#at === this.body.length;
  }

  /** The next `length` numbers of a typed array type, as a view of the body. */
  #view<T>(Type: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, length: number): T | undefined {
    const at = this.#take(length * Type.BYTES_PER_ELEMENT);
    return at === undefined ? undefined : new Type(this.body.buffer, this.body.byteOffset + at, length);
  }

  #take(bytes: number): number | undefined {
    const at = this.#at;
    if (!Number.isSafeInteger(bytes) || bytes < 0 || at + bytes > this.body.length) return undefined;
    this.#at = at + bytes + ((8 - (bytes % 8)) % 8);
    return at;
  }
}

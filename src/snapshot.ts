/**
 * Snapshots: work derived from the corpus (statements found by attribution, and the like) saved
 * to disk so start-up loads it instead of redoing it. A snapshot is keyed by a content hash of
 * the corpus and of the code that derives it, never by timestamps: change an article or the
 * engine and the old snapshot no longer matches, so it is rebuilt, not served.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './paths.ts';
import type { Article } from './types.ts';

/** Bump when the layout of a snapshot file changes. */
export const SNAPSHOT_FORMAT = 1;
/** Where snapshots live unless the caller names another folder. */
export const DEFAULT_CACHE_DIR = resolve(REPO_ROOT, '.cache');
/** Snapshots of one kind kept on disk (other corpora, older code); the least recently written go. */
const KEPT_SNAPSHOTS = 8;

/** The folders whose code derives what snapshots hold: a change to any file there invalidates them. */
const ENGINE_DIRS = ['corpus', 'search', 'answer'].map((folder) => join(dirname(fileURLToPath(import.meta.url)), folder));

let engineHash: string | undefined;

/** A hash of the engine's own source, so a snapshot made by other code is never served. */
function hashEngine(): string {
  if (engineHash === undefined) {
    const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
    for (const dir of ENGINE_DIRS) {
      for (const name of readdirSync(dir).sort()) {
        if (name.endsWith('.ts')) hash.update(name).update(readFileSync(join(dir, name)));
      }
    }
    engineHash = hash.digest('hex');
  }
  return engineHash;
}

/** The content hash of a loaded corpus together with the engine that reads it. */
export function snapshotKey(articles: readonly Article[]): string {
  const hash = createHash('sha256').update(hashEngine());
  for (const { id, title, publisher, published, url, text } of articles) {
    hash.update(JSON.stringify([id, title, publisher, published, url, text]));
  }
  return hash.digest('hex');
}

interface SnapshotFile<T> {
  format: number;
  kind: string;
  key: string;
  data: T;
}

function fileFor(dir: string, kind: string, key: string): string {
  return join(dir, `${kind}-${key.slice(0, 16)}.json`);
}

/**
 * The snapshot of `kind` for `key`, or undefined when there is none, or it is for another key or
 * format, or it is corrupt (truncated, not JSON, failing `isValid`): the caller rebuilds it.
 */
export function readSnapshot<T>(dir: string | null, kind: string, key: string, isValid: (data: unknown) => data is T): T | undefined {
  if (dir === null) return undefined;
  let parsed: Partial<SnapshotFile<unknown>>;
  try {
    parsed = JSON.parse(readFileSync(fileFor(dir, kind, key), 'utf8')) as Partial<SnapshotFile<unknown>>;
  } catch {
    return undefined;
  }
  if (parsed.format !== SNAPSHOT_FORMAT || parsed.kind !== kind || parsed.key !== key || !isValid(parsed.data)) return undefined;
  return parsed.data;
}

/**
 * Saves a snapshot atomically (written aside, then renamed, so a crash never leaves half a file
 * where a reader looks). Returns false when the folder cannot be written: the bot then works
 * from memory, as it would without snapshots.
 */
export function writeSnapshot<T>(dir: string | null, kind: string, key: string, data: T): boolean {
  if (dir === null) return false;
  const file = fileFor(dir, kind, key);
  const aside = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(aside, JSON.stringify({ format: SNAPSHOT_FORMAT, kind, key, data } satisfies SnapshotFile<T>));
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

function pruneSnapshots(dir: string, kind: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith(`${kind}-`) && name.endsWith('.json'))
    .map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of files.slice(KEPT_SNAPSHOTS)) rmSync(join(dir, name), { force: true });
}

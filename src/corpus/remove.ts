/**
 * Taking an article's file out of the corpus folder and putting it back: what moderators' Undo
 * and `/article remove` do. A file is only removed when it lies directly in the corpus folder and,
 * for an Undo, still holds exactly what was added (its digest), so a stale Undo never deletes a
 * file someone has since edited. Putting a file back never overwrites one of the same name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readFileSafely, UnsafeFileError } from './safe-read.ts';

/** Why a file could not be removed or put back. */
export type CorpusFileFailure = 'missing' | 'changed' | 'exists' | 'unsafe' | 'unwritable';

/** A corpus file that could not be removed or restored; the message is one line. */
export class CorpusFileError extends Error {
  override name = 'CorpusFileError';
  constructor(
    message: string,
    /** What kind of failure it is. */
    readonly failure: CorpusFileFailure,
    /** The system's error code, when the file system refused. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A short digest of a file's bytes: enough to tell whether a file changed, short enough for a button's custom id. */
export function fileDigest(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 10);
}

function insideFolder(corpusDir: string, file: string): string {
  const path = resolve(corpusDir, file);
  if (dirname(path) !== resolve(corpusDir)) throw new CorpusFileError(`${basename(file)} is not directly in the corpus folder`, 'unsafe');
  return path;
}

/**
 * Removes `file` (a path directly inside `corpusDir`) and returns the bytes it held, to put back
 * on request. With `digest`, removes it only when its bytes still have that digest.
 */
export function removeCorpusFile(corpusDir: string, file: string, options: { digest?: string; maxBytes?: number } = {}): Buffer {
  const path = insideFolder(corpusDir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSafely(path, { root: corpusDir, maxBytes: options.maxBytes });
  } catch (error) {
    if (error instanceof UnsafeFileError && /^no such file/.test(error.reason)) throw new CorpusFileError(`${basename(path)} is no longer in the corpus folder`, 'missing');
    if (error instanceof UnsafeFileError) throw new CorpusFileError(`${basename(path)}: ${error.reason}`, 'unsafe');
    throw error;
  }
  if (options.digest !== undefined && fileDigest(bytes) !== options.digest) throw new CorpusFileError(`${basename(path)} has changed since it was added`, 'changed');
  try {
    rmSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CorpusFileError(`${basename(path)} is no longer in the corpus folder`, 'missing');
    throw new CorpusFileError(`cannot remove ${basename(path)}: ${code ?? String(error)}`, 'unwritable', code);
  }
  return bytes;
}

/**
 * Writes `bytes` back as `name` in `corpusDir`, whole or not at all (a temporary file linked into
 * place), and never over a file of that name. Returns the path written.
 */
export function restoreCorpusFile(corpusDir: string, name: string, bytes: Buffer): string {
  const path = insideFolder(corpusDir, basename(name));
  // A dot name without an article extension: the loader and the watcher never take it for an article.
  const temporary = join(resolve(corpusDir), `.${basename(name)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    // link, unlike rename, fails when the name is taken: a file added meanwhile is never overwritten.
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CorpusFileError(`a file named ${basename(path)} is already in the corpus folder`, 'exists');
    throw new CorpusFileError(`cannot write ${basename(path)}: ${code ?? String(error)}`, 'unwritable', code);
  } finally {
    rmSync(temporary, { force: true });
  }
  return path;
}

/**
 * Reading a file that someone else put there (a corpus folder others write to, a file named on the
 * command line) without trusting it: only a regular file, whose real path lies inside the folder
 * when one is given, and whose size is under a limit. A symlink out of the folder, a device such as
 * /dev/zero, a FIFO (which would block the read forever), a folder, an oversize or unreadable file
 * is refused by name before a byte is read: lstat and stat first, then open without following a
 * link and without blocking, then fstat the open descriptor (the file may have been swapped between
 * the two), then read at most the limit.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats, statSync } from 'node:fs';
import { relative, isAbsolute, sep } from 'node:path';

/** Default largest article file read: 2 MB is about thirty times a long feature. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 2 ** 20;

/** A file refused or unreadable; `reason` is a few words naming why. */
export class UnsafeFileError extends Error {
  override name = 'UnsafeFileError';
  constructor(
    /** The file as named. */
    readonly file: string,
    /** Why it was not read, in plain words. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Options for `readFileSafely`. */
export interface SafeReadOptions {
  /** The folder the file's real path must lie in; none for a file named by the person running the command. */
  root?: string;
  /** Largest size read, in bytes (default 2 MB). */
  maxBytes?: number;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.ceil(bytes / 2 ** 10)} KB`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** Whether `path` is `root` or lies under it (both real paths). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of a file after the checks that need no open: inside the root, regular, small enough. */
function checkedPath(file: string, options: SafeReadOptions, maxBytes: number): { real: string; stats: Stats } {
  let real: string;
  let stats: Stats;
  try {
    const link = lstatSync(file);
    real = link.isSymbolicLink() ? realpathSync(file) : file;
    if (options.root !== undefined) {
      const root = realpathSync(options.root);
      real = realpathSync(file);
      if (!isInside(root, real)) throw new UnsafeFileError(file, `a link to ${real}, outside the corpus folder`);
    }
    stats = statSync(real);
  } catch (error) {
    if (error instanceof UnsafeFileError) throw error;
    const code = errorCode(error);
    throw new UnsafeFileError(file, code === 'ENOENT' ? 'no such file (or a link to nothing)' : `cannot read the file (${code})`);
  }
  if (!stats.isFile()) throw new UnsafeFileError(file, `${kindOf(stats)}, not a file`);
  if (stats.size > maxBytes) throw new UnsafeFileError(file, `${megabytes(stats.size)}, over the limit of ${megabytes(maxBytes)}`);
  return { real, stats };
}

/**
 * The bytes of a file, read only when it is safe to: a regular file, inside `root` when given,
 * at most `maxBytes`. Throws an UnsafeFileError naming the file and the reason otherwise.
 */
export function readFileSafely(file: string, options: SafeReadOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { real, stats } = checkedPath(file, options, maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: were the file swapped for a FIFO since the stat, opening it must not hang.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    throw new UnsafeFileError(file, `cannot read the file (${errorCode(error)})`);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stats.ino || opened.dev !== stats.dev) throw new UnsafeFileError(file, 'changed while it was being opened');
    if (opened.size > maxBytes) throw new UnsafeFileError(file, `${megabytes(opened.size)}, over the limit of ${megabytes(maxBytes)}`);
    // One byte more than the limit, so that a file that grew after the fstat is caught, not cut.
    const buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new UnsafeFileError(file, `over the limit of ${megabytes(maxBytes)}`);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UnsafeFileError) throw error;
    throw new UnsafeFileError(file, `cannot read the file (${errorCode(error)})`);
  } finally {
    closeSync(fd);
  }
}

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSafely, UnsafeFileError } from '../../src/corpus/safe-read.ts';
import { tempDir } from '../temp.ts';

/** A corpus folder with one good file and a file outside it. */
function folders() {
  const base = tempDir('safe-read');
  const corpus = join(base, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'good.md'), 'good');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  return { base, corpus };
}

const refusal = (file: string, options: Parameters<typeof readFileSafely>[1]) => {
  try {
    readFileSafely(file, options);
  } catch (error) {
    if (error instanceof UnsafeFileError) return error.reason;
    throw error;
  }
  return undefined;
};

describe('reading a file someone else put in the corpus', () => {
  it('GIVEN a regular file inside the folder THEN its bytes', () => {
    const { corpus } = folders();
    expect(readFileSafely(join(corpus, 'good.md'), { root: corpus }).toString()).toBe('good');
  });

  it('GIVEN a symlink to a file inside the folder THEN it is read', () => {
    const { corpus } = folders();
    symlinkSync(join(corpus, 'good.md'), join(corpus, 'alias.md'));
    expect(readFileSafely(join(corpus, 'alias.md'), { root: corpus }).toString()).toBe('good');
  });

  it('GIVEN a symlink to a file outside the folder THEN it is refused by name, naming where it points', () => {
    const { base, corpus } = folders();
    symlinkSync(join(base, 'secret.txt'), join(corpus, 'leak.md'));
    expect(refusal(join(corpus, 'leak.md'), { root: corpus })).toMatch(/^a link to .*secret\.txt, outside the corpus folder$/);
  });

  it('GIVEN a symlink to /dev/zero THEN it is refused at once as a device, not read', () => {
    const { corpus } = folders();
    symlinkSync('/dev/zero', join(corpus, 'zero.md'));
    // Without a root the link may point anywhere, and the device is still refused.
    expect(refusal(join(corpus, 'zero.md'), {})).toBe('a device, not a file');
    expect(refusal(join(corpus, 'zero.md'), { root: corpus })).toBe('a link to /dev/zero, outside the corpus folder');
  });

  it('GIVEN a FIFO THEN it is refused without opening it (which would hang)', () => {
    const { corpus } = folders();
    execFileSync('mkfifo', [join(corpus, 'x.md')]);
    expect(refusal(join(corpus, 'x.md'), { root: corpus })).toBe('a FIFO (named pipe), not a file');
  });

  it('GIVEN a folder named like an article THEN it is refused', () => {
    const { corpus } = folders();
    mkdirSync(join(corpus, 'folder.md'));
    expect(refusal(join(corpus, 'folder.md'), { root: corpus })).toBe('a folder, not a file');
  });

  it('GIVEN a file over the size limit THEN it is refused with its size and the limit', () => {
    const { corpus } = folders();
    writeFileSync(join(corpus, 'big.md'), Buffer.alloc(3 * 1024 * 1024, 'a'));
    expect(refusal(join(corpus, 'big.md'), { root: corpus })).toBe('3.0 MB, over the limit of 2.0 MB');
    expect(refusal(join(corpus, 'good.md'), { root: corpus, maxBytes: 2 })).toBe('1 KB, over the limit of 1 KB');
  });

  it('GIVEN a dangling symlink THEN it is refused as missing', () => {
    const { corpus } = folders();
    symlinkSync(join(corpus, 'nowhere.md'), join(corpus, 'dangling.md'));
    expect(refusal(join(corpus, 'dangling.md'), { root: corpus })).toBe('no such file (or a link to nothing)');
  });

  it.skipIf(process.getuid?.() === 0)('GIVEN a file without read permission THEN it is refused as unreadable', () => {
    const { corpus } = folders();
    writeFileSync(join(corpus, 'locked.md'), 'x');
    chmodSync(join(corpus, 'locked.md'), 0);
    expect(refusal(join(corpus, 'locked.md'), { root: corpus })).toBe('cannot read the file (EACCES)');
  });
});

/** Taking a file out of the corpus folder and putting it back: only files directly in the folder, never over another. */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusFileError, fileDigest, removeCorpusFile, restoreCorpusFile } from '../../src/corpus/remove.ts';
import { tempDir } from '../temp.ts';

function folder(): string {
  const dir = join(tempDir('remove'), 'corpus');
  mkdirSync(dir);
  writeFileSync(join(dir, 'story.md'), '---\ntitle: A story\n---\n\nIts text.\n');
  return dir;
}

function failure(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CorpusFileError) return error.failure;
    throw error;
  }
  return undefined;
}

describe('removing and restoring corpus files', () => {
  it('GIVEN a file removed THEN its bytes come back, and restoring puts exactly them back', () => {
    const dir = folder();
    const before = readFileSync(join(dir, 'story.md'));
    const bytes = removeCorpusFile(dir, join(dir, 'story.md'));
    expect(existsSync(join(dir, 'story.md'))).toBe(false);
    restoreCorpusFile(dir, 'story.md', bytes);
    expect(readFileSync(join(dir, 'story.md'))).toEqual(before);
  });

  it('GIVEN the digest of what was added THEN a file changed since is left in place; a file gone is said to be missing', () => {
    const dir = folder();
    const file = join(dir, 'story.md');
    const digest = fileDigest(readFileSync(file));
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nEdited.\n`);
    expect(failure(() => removeCorpusFile(dir, file, { digest }))).toBe('changed');
    expect(existsSync(file)).toBe(true);
    expect(failure(() => removeCorpusFile(dir, join(dir, 'gone.md')))).toBe('missing');
  });

  it('GIVEN a path outside the folder or a link out of it THEN nothing is removed', () => {
    const dir = folder();
    const outside = join(dir, '..', 'outside.md');
    writeFileSync(outside, 'not an article of this folder');
    expect(failure(() => removeCorpusFile(dir, outside))).toBe('unsafe');
    expect(failure(() => removeCorpusFile(dir, '../outside.md'))).toBe('unsafe');
    symlinkSync(outside, join(dir, 'link.md'));
    expect(failure(() => removeCorpusFile(dir, join(dir, 'link.md')))).toBe('unsafe');
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(dir, 'link.md'))).toBe(true);
  });

  it('GIVEN a file of that name already back THEN restoring leaves it and no temporary file behind', () => {
    const dir = folder();
    expect(failure(() => restoreCorpusFile(dir, 'story.md', Buffer.from('older')))).toBe('exists');
    expect(readFileSync(join(dir, 'story.md'), 'utf8')).toContain('A story');
    expect(failure(() => restoreCorpusFile(dir, '../escape.md', Buffer.from('x')))).toBeUndefined();
    expect(existsSync(join(dir, 'escape.md'))).toBe(true);
    expect(existsSync(join(dir, '..', 'escape.md'))).toBe(false);
  });
});

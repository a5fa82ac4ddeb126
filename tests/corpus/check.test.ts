import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.ts';
import { checkCorpus } from '../../src/corpus/check.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';

const BODY = '\n\nA paragraph of the story.\n\nAnother paragraph.\n';

function corpusOf(files: Record<string, string>): string {
  const dir = tempDir('check');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('npm run check:corpus', () => {
  it('GIVEN the shipped corpus THEN no problem', () => {
    expect(checkCorpus(DEFAULT_CORPUS_DIR)).toEqual([]);
  });

  it.each([
    ['a date that is not a day', '---\ntitle: T\npublished: 2024-02-30\n---' + BODY, /a\.md: "published" must be a date as YYYY-MM-DD, not "2024-02-30"/],
    ['a url that is not http(s)', '---\ntitle: T\nurl: ftp://example.com/x\n---' + BODY, /a\.md: "url" must be an http\(s\) address/],
    ['one paragraph only', '---\ntitle: T\n---\n\nOnly this.\n', /a\.md: only 1 paragraph/],
    ['no title', '---\nid: a\n---' + BODY, /a\.md: no title/],
  ])('GIVEN %s THEN one line naming the file and the problem', (_name, source, problem) => {
    const problems = checkCorpus(corpusOf({ 'a.md': source }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('GIVEN two files with one id THEN reports the second, naming the first, and goes on checking', () => {
    const problems = checkCorpus(corpusOf({ 'a.md': '---\nid: same\ntitle: A\n---' + BODY, 'b.md': '---\nid: same\ntitle: B\npublished: soon\n---' + BODY }));
    expect(problems).toEqual([expect.stringMatching(/b\.md: duplicate id "same" \(also in a\.md\)$/), expect.stringMatching(/b\.md: "published" must be a date/)]);
  });

  it('GIVEN a folder that cannot be read THEN one line naming it', () => {
    expect(checkCorpus('/nonexistent/storybot')).toEqual(['/nonexistent/storybot: cannot read the corpus folder (ENOENT)']);
  });
});

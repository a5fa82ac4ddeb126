import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusReport } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { Story } from '../../src/story.ts';
import { tempDir } from '../temp.ts';

const SEED = readFileSync(join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md'), 'utf8');
const PAGE = `<html><head><meta property="og:title" content="Harbour bridge reopens"></head><body><article>
<p>The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found.</p>
<p>The city council said the final cost was 84 million euros, about 12 million more than the budget set in 2022.</p></article></body></html>`;
const PASTE = `Home\nNews\nFerry fares rise again in spring\n\nThe ferry company said on Monday that fares on every route would rise by eight per cent from the first of April this year.\n\nPassengers' groups said the rise was the third in two years and that the company had not explained why it was needed at all.\n\nPrivacy Policy\n`;

/** A corpus holding the seed, a page and a paste, and one file of every hostile kind. */
function hostileCorpus(): string {
  const base = tempDir('hostile');
  const corpus = join(base, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a-seed.md'), SEED);
  writeFileSync(join(corpus, 'bridge.html'), PAGE);
  writeFileSync(join(corpus, 'ferry.txt'), PASTE);
  writeFileSync(join(base, 'secret.md'), '---\ntitle: Secret\n---\n\nA secret outside the corpus folder.\n\nAnother.\n');
  symlinkSync(join(base, 'secret.md'), join(corpus, 'leak.md'));
  symlinkSync('/dev/zero', join(corpus, 'zero.md'));
  execFileSync('mkfifo', [join(corpus, 'x.md')]);
  writeFileSync(join(corpus, 'huge.md'), `---\ntitle: Huge\n---\n\n${'word '.repeat(600_000)}\n`);
  writeFileSync(join(corpus, 'broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
  return corpus;
}

const EXPECTED_SKIPPED = [
  ['broken.md', /^malformed front matter/],
  ['huge.md', /^2\.9 MB, over the limit of 2\.0 MB$/],
  ['leak.md', /^a link to .*secret\.md, outside the corpus folder$/],
  ['x.md', /^a FIFO \(named pipe\), not a file$/],
  ['zero.md', /^a link to \/dev\/zero, outside the corpus folder$/],
] as const;

describe('a corpus with bad and hostile files', () => {
  let corpus: string;
  beforeAll(() => {
    corpus = hostileCorpus();
  });

  it('GIVEN every hostile kind beside good files THEN each is skipped by name with its reason, and the good ones load', () => {
    const { articles, skipped } = loadCorpusReport(corpus);
    expect(articles.map((article) => [article.id, article.title])).toEqual([
      ['putin-wont-win-in-ukraine-nato', 'Russia-Ukraine war: Putin won’t win in Ukraine – NATO'],
      ['bridge', 'Harbour bridge reopens'],
      ['ferry', 'Ferry fares rise again in spring'],
    ]);
    expect(skipped.map((error) => [error.file.split('/').at(-1), error.problem])).toEqual(EXPECTED_SKIPPED.map(([file, reason]) => [file, expect.stringMatching(reason)]));
  });

  it('GIVEN a .txt paste and an .html page in the corpus THEN they are cleaned: furniture out, paragraphs in', () => {
    const ferry = loadCorpusReport(corpus).articles.find((article) => article.id === 'ferry');
    expect(ferry?.passages.map((passage) => passage.text)).toEqual([
      'The ferry company said on Monday that fares on every route would rise by eight per cent from the first of April this year.',
      "Passengers' groups said the rise was the third in two years and that the company had not explained why it was needed at all.",
    ]);
  });

  it('GIVEN the story loaded from it THEN it answers from the good files and lists the skipped ones', () => {
    const story = Story.load(corpus, { cacheDir: null });
    expect(story.skipped.map((entry) => entry.file.split('/').at(-1))).toEqual(EXPECTED_SKIPPED.map(([file]) => file));
    expect(story.ask('How much did the bridge cost?').quotes[0]?.text).toContain('84 million euros');
  }, 60_000);

  it('GIVEN check:corpus THEN a line per file, each skipped one named with its reason, and exit 1', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), 'check-corpus', '--corpus', corpus], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('ok       bridge.html: “Harbour bridge reopens”, 2 paragraphs');
    expect(result.stdout).toContain('ok       ferry.txt: “Ferry fares rise again in spring”, 2 paragraphs');
    for (const [file] of EXPECTED_SKIPPED) expect(result.stderr).toMatch(new RegExp(`^skipped  \\S*/${file.replace('.', '\\.')}: `, 'm'));
    expect(result.stderr).toContain('corpus has problems: 5 of 8 file(s) skipped or to fix; the others load');
  }, 90_000);

  it('GIVEN a lower size limit THEN a file over it is skipped and named', () => {
    const { skipped } = loadCorpusReport(corpus, { maxFileBytes: 1_024 });
    expect(skipped.map((error) => error.file.split('/').at(-1))).toContain('a-seed.md');
  });
});

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idFromTitle, prepareArticle, renderArticleFile, writeArticle, AddError } from '../../src/corpus/add.ts';
import { loadCorpus, parseArticle } from '../../src/corpus/load.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { BRIDGE_PAGE } from '../pages.ts';
import { tempDir } from '../temp.ts';
import { startPageServer, type PageServer } from './page-server.ts';

/** Runs `npm run add` as a child process, without blocking this process (the page server lives here). */
function runAdd(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), 'add', ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

describe('npm run add', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer({ '/bridge': { body: BRIDGE_PAGE } });
  });
  afterAll(() => server.close());

  it('GIVEN a page served on 127.0.0.1 and the loopback setting THEN it is written to the corpus and loads with its metadata', async () => {
    const corpus = tempDir('add');
    const result = await runAdd([`${server.url}/bridge`, '--corpus', corpus], { env: { FETCH_ALLOW_LOOPBACK: 'true' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Added “Harbour bridge reopens after repairs” (The Example Gazette, 2024-03-01)');
    expect(result.stdout).toContain('Kept 3 paragraphs:');
    const [article] = loadCorpus(corpus);
    expect(article).toMatchObject({ id: 'harbour-bridge-reopens-after-repairs', title: 'Harbour bridge reopens after repairs', publisher: 'The Example Gazette', published: '2024-03-01', url: `${server.url}/bridge` });
    expect(article?.passages.map((passage) => passage.text)[1]).toBe('“We are proud of the crews who worked through two winters,” said the mayor, Lena Ortiz, who was the first to drive across the bridge on Friday.');
    // Written through a temporary file renamed over: nothing else is left in the folder.
    expect(readdirSync(corpus)).toEqual(['harbour-bridge-reopens-after-repairs.md']);
  }, 90_000);

  it('GIVEN the same page without the loopback setting THEN it is refused in one line, exit 1, nothing written', async () => {
    const corpus = tempDir('add');
    const result = await runAdd([`${server.url}/bridge`, '--corpus', corpus]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`storybot: refused ${new URL(server.url).host}: 127.0.0.1 is not a public address\n`);
    expect(readdirSync(corpus)).toEqual([]);
  }, 90_000);

  it('GIVEN a paste on standard input with --dry-run --json THEN the article as JSON and nothing written', async () => {
    const corpus = tempDir('add');
    const paste = `Home\nNews\nSport\nHarbour bridge reopens after repairs\n\nBy Ana Pérez\n\n${[...BRIDGE_PAGE.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]).join('\n\n')}\n\nPrivacy Policy\n`;
    const result = await runAdd(['-', '--dry-run', '--json', '--corpus', corpus, '--publisher', 'The Example Gazette', '--published', '2024-03-01'], { input: paste });
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['id', 'title', 'publisher', 'published', 'paragraphs', 'dropped']);
    expect(json).toMatchObject({ id: 'harbour-bridge-reopens-after-repairs', title: 'Harbour bridge reopens after repairs', publisher: 'The Example Gazette', published: '2024-03-01' });
    expect(json.paragraphs).toHaveLength(3);
    expect(json.dropped).toContainEqual({ text: 'By Ana Pérez', reason: 'page furniture' });
    expect(readdirSync(corpus)).toEqual([]);
  }, 90_000);

  it.each([
    [['--published', '2024-13-01'], 'storybot: the date must be YYYY-MM-DD, not "2024-13-01"\n'],
    [['--id', 'Bad Id'], 'storybot: bad id "Bad Id": use lowercase letters, digits and hyphens\n'],
  ])('GIVEN %j THEN one line naming the value, exit 1', async (flags, message) => {
    const file = join(tempDir('add'), 'page.html');
    writeFileSync(file, BRIDGE_PAGE);
    const result = await runAdd([file, '--dry-run', ...flags]);
    expect(result).toMatchObject({ status: 1, stderr: message });
  }, 90_000);
});

describe('preparing and writing an article', () => {
  const source = { text: BRIDGE_PAGE, kind: 'html' as const, name: 'page.html' };

  it('GIVEN metadata flags THEN they win over the page’s, and the rest comes from the page', () => {
    const article = prepareArticle(source, { title: 'A given title', id: 'given' });
    expect(article).toMatchObject({ id: 'given', title: 'A given title', publisher: 'The Example Gazette', published: '2024-03-01' });
  });

  it('GIVEN an id already in the corpus THEN it is refused, and the file there is untouched', () => {
    const corpus = tempDir('add');
    const article = prepareArticle(source);
    writeArticle(corpus, article);
    expect(() => writeArticle(corpus, { ...article, title: 'Another' })).toThrow(new AddError('an article with the id "harbour-bridge-reopens-after-repairs" is already in the corpus (harbour-bridge-reopens-after-repairs.md): choose another id'));
    expect(loadCorpus(corpus)[0]?.title).toBe('Harbour bridge reopens after repairs');
    // The refused write left no temporary file behind.
    expect(readdirSync(corpus)).toEqual(['harbour-bridge-reopens-after-repairs.md']);
  });

  it('GIVEN paragraphs with YAML-looking or Markdown text THEN the written file reads back to the same paragraphs and title', () => {
    const article = { id: 'odd', title: 'Title: with "quotes" and # hash', paragraphs: ['---', 'key: value — not metadata', '# not a heading either, just text'], dropped: [] };
    const back = parseArticle('odd.md', renderArticleFile(article));
    expect(back.title).toBe(article.title);
    expect(back.passages.map((passage) => passage.text)).toEqual(article.paragraphs);
  });

  it('GIVEN a page with neither a title nor text THEN it says what is missing', () => {
    expect(() => prepareArticle({ text: '<html><body></body></html>', kind: 'html', name: 'empty.html' })).toThrow('no title found in empty.html: give one (--title, or the title option)');
    expect(() => prepareArticle({ text: '<html><body></body></html>', kind: 'html', name: 'empty.html' }, { title: 'T' })).toThrow('no article text found in empty.html');
  });

  it.each([
    ['Russia-Ukraine war: Putin won’t win in Ukraine – NATO', 'russia-ukraine-war-putin-wont-win-in-ukraine-nato'],
    ['Café crème & “quotes”', 'cafe-creme-quotes'],
    ['!!!', 'article'],
    ['A very long headline that goes on and on about many things happening in the world today', 'a-very-long-headline-that-goes-on-and-on-about-many-things'],
  ])('GIVEN the title %j THEN the id %s', (title, id) => {
    expect(idFromTitle(title)).toBe(id);
    expect(idFromTitle(title).length).toBeLessThanOrEqual(60);
  });

  it('GIVEN a Markdown file with front matter THEN its metadata and paragraphs are kept as they are', () => {
    const md = readFileSync(join(REPO_ROOT, 'corpus', 'putin-wont-win-in-ukraine-nato.md'), 'utf8');
    const article = prepareArticle({ text: md, kind: 'markdown', name: 'seed.md' }, { id: 'copy' });
    expect(article.title).toBe('Russia-Ukraine war: Putin won’t win in Ukraine – NATO');
    expect(article.paragraphs).toEqual(loadCorpus(join(REPO_ROOT, 'corpus'))[0]?.passages.map((passage) => passage.text));
  });
});

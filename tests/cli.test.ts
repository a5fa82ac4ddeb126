import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR, REPO_ROOT } from '../src/paths.ts';
import { MAX_QUESTION_LENGTH } from '../src/story.ts';
import type { Answer } from '../src/types.ts';

const SEED_TEXT = loadCorpus(DEFAULT_CORPUS_DIR)[0]?.text ?? '';

/** Runs the terminal front door as `npm run <command>` would, in a clean environment. */
function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), ...args], {
    cwd: REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(result: ReturnType<typeof run>, message: RegExp) {
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('npm run ask', () => {
  it('GIVEN a question and --json THEN prints one Answer whose quotes are exact words of the article', () => {
    const result = run(['ask', 'What did Putin tell the West?', '--json']);
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout) as Answer;
    expect(Object.keys(answer).sort()).toEqual(['answered', 'question', 'quotes', 'suggestions']);
    expect(answer.question).toBe('What did Putin tell the West?');
    expect(answer.answered).toBe(true);
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes.length).toBeLessThanOrEqual(5);
    for (const quote of answer.quotes) {
      expect(Object.keys(quote).sort()).toEqual(['article', 'paragraph', 'score', 'speaker', 'text', 'title']);
      expect(SEED_TEXT).toContain(quote.text);
      expect(quote.article).toBe('putin-wont-win-in-ukraine-nato');
    }
  });

  it('GIVEN --limit 1 THEN prints at most one quote', () => {
    const answer = JSON.parse(run(['ask', 'nuclear', '--json', '--limit', '1']).stdout) as Answer;
    expect(answer.quotes).toHaveLength(1);
  });

  it('GIVEN a question for a person THEN prints the quote, its place and the title', () => {
    const result = run(['ask', 'Who is the editor in chief of Reuters?']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/paragraph \d+ of “Russia-Ukraine war: Putin won’t win in Ukraine – NATO”/);
    expect(result.stdout).toContain('Alessandra Galloni');
  });

  it('GIVEN questions on standard input THEN answers each, one JSON object per line, in order', () => {
    const questions = ['When did the invasion start?', '', 'reservists', 'Recommend a good pizza recipe'];
    const result = run(['ask', '--json'], { input: questions.join('\n') });
    expect(result.status).toBe(0);
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers.map((a) => a.question)).toEqual(['When did the invasion start?', 'reservists', 'Recommend a good pizza recipe']);
  });

  it.each([
    ['an empty question', ['ask', '   '], /^storybot: Ask a question about the story/],
    ['a question over the limit', ['ask', 'why '.repeat(MAX_QUESTION_LENGTH)], new RegExp(`keep it under ${MAX_QUESTION_LENGTH}`)],
    ['an unknown article', ['ask', 'nuclear', '--article', 'no-such-article'], /No article "no-such-article"\. Known articles: putin-wont-win-in-ukraine-nato\./],
    ['an unreadable corpus', ['ask', 'nuclear', '--corpus', '/nonexistent/corpus'], /\/nonexistent\/corpus: cannot read the corpus folder/],
    ['a bad --limit', ['ask', 'nuclear', '--limit', 'lots'], /--limit must be a whole number/],
    ['an unknown flag', ['ask', 'nuclear', '--colour'], /Unknown option '--colour'/],
  ])('GIVEN %s THEN one clear line on stderr and exit 1', (_name, args, message) => {
    expectOneLineError(run(args), message);
  });

  it('GIVEN CORPUS_DIR THEN the same code answers from that folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'storybot-other-'));
    writeFileSync(join(dir, 'bees.md'), '---\ntitle: Bees in the city\n---\n\nUrban beekeepers counted 40 hives on rooftops this spring.\n\nThe mayor said honey sales doubled.\n');
    const answer = JSON.parse(run(['ask', 'How many hives are on rooftops?', '--json'], { env: { CORPUS_DIR: dir } }).stdout) as Answer;
    expect(answer.quotes[0]).toMatchObject({ article: 'bees', title: 'Bees in the city', paragraph: 1 });
  });
});

describe('npm run quotes, summary, sources', () => {
  it('GIVEN quotes --json THEN prints an array of attributed statements, each exact words of the article', () => {
    const result = run(['quotes', '--json']);
    expect(result.status).toBe(0);
    const statements = JSON.parse(result.stdout) as { text: string; speaker: string; kind: string; article: string; paragraph: number }[];
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(Object.keys(statement).sort()).toEqual(['article', 'kind', 'paragraph', 'speaker', 'text']);
      expect(['direct', 'reported']).toContain(statement.kind);
      expect(SEED_TEXT).toContain(statement.text);
    }
  });

  it('GIVEN quotes --speaker THEN prints only that speaker\'s statements', () => {
    const statements = JSON.parse(run(['quotes', '--speaker', 'putin', '--json']).stdout) as { speaker: string }[];
    expect(statements.length).toBeGreaterThan(0);
    expect(new Set(statements.map((s) => s.speaker))).toEqual(new Set(['Putin']));
  });

  it('GIVEN summary --json THEN prints the summary of the article within one embed', () => {
    const summary = JSON.parse(run(['summary', '--json']).stdout) as { article: string; title: string; text: string; quotes: unknown[] };
    expect(summary.article).toBe('putin-wont-win-in-ukraine-nato');
    expect(summary.text.length).toBeGreaterThan(0);
    expect(summary.text.length).toBeLessThanOrEqual(4_096);
  });

  it('GIVEN summary of an unknown article THEN one clear line and exit 1', () => {
    expectOneLineError(run(['summary', '--article', 'nope']), /No article "nope"/);
  });

  it('GIVEN sources --json THEN lists the article with its passage count', () => {
    expect(JSON.parse(run(['sources', '--json']).stdout)).toEqual([
      expect.objectContaining({ id: 'putin-wont-win-in-ukraine-nato', passages: 15 }),
    ]);
  });
});

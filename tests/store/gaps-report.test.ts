/** `npm run gaps` as a person or a script runs it, and the /gaps view both front doors show. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { FeedbackStore } from '../../src/store/feedback-store.ts';
import type { Gap } from '../../src/store/gaps.ts';
import { gapsView } from '../../src/store/gaps-view.ts';
import { viewToText } from '../../src/terminal/render.ts';
import { tempDir } from '../temp.ts';

const run = promisify(execFile);
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');
const CLI = resolve(import.meta.dirname, '../../src/cli.ts');
const GUILD = '100000000000000001';

async function gapsCommand(args: string[], databaseUrl: string) {
  const dir = tempDir('gaps-cli');
  return run(process.execPath, ['--import', TSX_LOADER, CLI, 'gaps', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
  });
}

async function seededDatabase(): Promise<string> {
  const file = join(tempDir('gaps-db'), 'feedback.sqlite');
  const store = FeedbackStore.open({ target: { sqliteFile: file }, retentionDays: 90 });
  const here = { guildId: GUILD, channelId: '200000000000000002' };
  store.recordRefusal({ ...here, question: 'Who pays for the summit?' });
  store.recordRefusal({ ...here, question: 'who paid for the summit' });
  store.recordRefusal({ guildId: '100000000000000009', channelId: '200000000000000008', question: 'Elsewhere?' });
  await store.recordVote({ ...here, memberId: '3', answer: { messageId: '4', article: 'nato-summit', paragraph: 2 }, question: 'What did Rutte promise?', verdict: 'down' });
  await store.close();
  return `sqlite:${file}`;
}

describe('npm run gaps', { timeout: 60_000 }, () => {
  test('GIVEN refusals and a 👎 THEN --json prints the groups, most asked first, in the documented shape', async () => {
    const url = await seededDatabase();
    const { stdout } = await gapsCommand(['--json', '--guild', GUILD], url);
    const gaps = JSON.parse(stdout) as Gap[];
    expect(gaps.map(({ question, count, kind, article, paragraph }) => ({ question, count, kind, article, paragraph }))).toEqual([
      { question: 'who paid for the summit', count: 2, kind: 'unanswered', article: null, paragraph: null },
      { question: 'What did Rutte promise?', count: 1, kind: 'wrong', article: 'nato-summit', paragraph: 2 },
    ]);
    expect(Date.parse(gaps[0]?.lastSeen ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const { stdout: text } = await gapsCommand(['--days', '30'], url);
    expect(text).toContain('1. 2× not covered');
    expect(text).toContain('“who paid for the summit”');
    expect(text).toContain('Elsewhere?');
  });

  test('GIVEN a bad --days THEN one line says what is wanted', async () => {
    const error = await gapsCommand(['--days', '0'], 'sqlite:/nonexistent/never.sqlite').catch((failure: { stderr: string; code: number }) => failure);
    expect(error).toMatchObject({ code: 1, stderr: 'storybot: --days must be a whole number from 1 to 3650, not "0"\n' });
  });
});

describe('gapsView', () => {
  const gap = (n: number): Gap => ({ question: `Question ${n}?`, count: 30 - n, lastSeen: '2026-11-20T12:00:00.000Z', kind: 'unanswered', article: null, paragraph: null });

  test('GIVEN no gaps THEN it says there is nothing to report for the period', () => {
    expect(gapsView([], { days: 30 }).description).toBe('Nothing to report for the last 30 days: every question was answered and no answer was marked wrong.');
  });

  test('GIVEN 25 groups THEN pages of 10 are numbered on from the page before', () => {
    const view = gapsView(Array.from({ length: 25 }, (_, n) => gap(n)), { days: 7, page: 2 });
    expect(view.fields.map((field) => field.name)).toEqual(['21. 10× not covered', '22. 9× not covered', '23. 8× not covered', '24. 7× not covered', '25. 6× not covered']);
    expect(view.footer).toBe('Page 3 of 3 · 7 days');
  });

  test('GIVEN a member\'s markup in a question THEN it is shown as typed, never formatted', () => {
    const text = viewToText(gapsView([{ ...gap(1), question: '*why* @everyone' }], { days: 7 }));
    expect(gapsView([{ ...gap(1), question: '*why*' }], { days: 7 }).fields[0]?.value).toContain('\\*why\\*');
    expect(text).toContain('“*why* @everyone”');
  });
});

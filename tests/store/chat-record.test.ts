/** `npm run chat` records refusals and /up /down votes only when started with --record. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FeedbackStore } from '../../src/store/feedback-store.ts';
import { tempDir } from '../temp.ts';

const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');
const CLI = resolve(import.meta.dirname, '../../src/cli.ts');
const NOT_COVERED = 'What is the recipe for sourdough bread?';

function chat(args: string[], input: string, databaseFile: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, ['--import', TSX_LOADER, CLI, 'chat', '--corpus', resolve('corpus'), ...args], {
      cwd: tempDir('chat-cwd'),
      env: { PATH: process.env.PATH, DATABASE_URL: `sqlite:${databaseFile}` },
    }, (error, stdout) => (error ? fail(error) : done(stdout)));
    child.stdin?.end(input);
  });
}

describe('npm run chat and the feedback store', { timeout: 60_000 }, () => {
  test('GIVEN no --record THEN a refused question and a vote leave no database behind', async () => {
    const file = join(tempDir('chat-db'), 'feedback.sqlite');
    const out = await chat([], `${NOT_COVERED}\n/down wrong-passage\n`, file);
    expect(out).toContain('Votes are not recorded in this chat');
    expect(existsSync(file)).toBe(false);
  });

  test('GIVEN --record THEN the refused question and the 👎 with its reason are in /gaps', async () => {
    const file = join(tempDir('chat-db'), 'feedback.sqlite');
    const out = await chat(['--record'], `${NOT_COVERED}\n/down other\n`, file);
    expect(out).toContain('Recorded 👎 (other)');
    const store = FeedbackStore.open({ target: { sqliteFile: file }, retentionDays: 90 });
    const gaps = await store.gaps();
    const votes = await store.database.db.selectFrom('votes').select(['verdict', 'reason']).execute();
    await store.close();
    expect(gaps.map((gap) => [gap.kind, gap.question]).sort()).toEqual([['unanswered', NOT_COVERED], ['wrong', NOT_COVERED]]);
    expect(votes).toEqual([{ verdict: 'down', reason: 'other' }]);
  });
});

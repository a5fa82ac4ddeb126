/**
 * What a compiled bot (`node dist/src/bot.js`, as `npm start` runs it) must do that the
 * TypeScript one does through tsx: log in to the fake Discord and answer, save a vote through the
 * store's writer thread, and take in a corpus change through the build thread. Both threads load
 * their compiled .js files; neither may need tsx, which a production install does not have.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { VOTE_MESSAGES } from '../../src/discord/votes.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { openDatabase } from '../../src/store/database.ts';
import { startBotProcess } from '../../testing/bot-process.ts';
import { buildUser, buttonInteraction, chatInputInteraction, option, startFakeDiscord, type FakeDiscord } from '../../testing/fake-discord/index.ts';
import { buttonIds, embedText, visibleReply } from '../e2e/helpers.ts';
import { tempDir } from '../temp.ts';

const SEED = join(DEFAULT_CORPUS_DIR, 'putin-wont-win-in-ukraine-nato.md');
const BRIDGE = `---\ntitle: Harbour bridge reopens\n---\n\nThe harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in its supports.\n\nThe city council said the final cost was 84 million euros, about 12 million more than the budget set in 2022.\n`;
/** A first start builds the corpus snapshots (the cache folder is new): seconds on a busy machine. */
const READY_TIMEOUT_MS = 60_000;
/** A reload builds the new corpus in the worker, then opens it. */
const RELOAD_TIMEOUT_MS = 60_000;
/** One answer or vote on a busy machine. */
const REPLY_TIMEOUT_MS = 15_000;

function ask(fake: FakeDiscord, question: string) {
  return visibleReply(fake, fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', question)] })), REPLY_TIMEOUT_MS);
}

/** The votes in the store once one is there (a vote acknowledged "later" is written shortly after), or 0 after a while. */
async function votesSaved(databaseFile: string): Promise<number> {
  const database = await openDatabase({ sqliteFile: databaseFile });
  try {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const votes = (await database.db.selectFrom('votes').select('voter_key').execute()).length;
      if (votes > 0 || Date.now() > deadline) return votes;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await database.close();
  }
}

/** Runs the compiled bot at `entry` through an answer, a saved vote and a hot reload, then stops it. */
export async function exerciseCompiledBot(entry: string): Promise<void> {
  const fake = await startFakeDiscord();
  const corpus = join(tempDir('compiled-corpus'), 'corpus');
  mkdirSync(corpus);
  copyFileSync(SEED, join(corpus, 'seed.md'));
  const databaseFile = join(tempDir('compiled-store'), 'feedback.sqlite');
  const bot = await startBotProcess({ entry, env: fake.env(), extraEnv: { DATABASE_URL: `sqlite:${databaseFile}`, CORPUS_DIR: corpus }, readyTimeoutMs: READY_TIMEOUT_MS });
  try {
    const answer = await ask(fake, 'What did Stoltenberg say about Putin and nuclear weapons?');
    expect(embedText(answer.embeds?.[0] ?? {})).toContain('Stoltenberg');

    // The vote is written by the store's worker thread: it is in the database once acknowledged.
    const up = buttonIds(answer).find((id) => id.startsWith('ask:vote:up:')) ?? '';
    const thanks = await visibleReply(fake, fake.sendInteraction(buttonInteraction(fake, { customId: up, message: answer, user: buildUser(fake.nextId(), 'voter') })), REPLY_TIMEOUT_MS);
    expect([VOTE_MESSAGES.up, VOTE_MESSAGES.later]).toContain(thanks.embeds?.[0]?.description);
    expect(await votesSaved(databaseFile)).toBe(1);

    // The new article is built by the corpus worker thread, then answered from (its title is attributed).
    writeFileSync(join(corpus, 'bridge.md'), BRIDGE);
    await bot.waitForLog((line) => String(line.msg).startsWith('corpus reloaded'), RELOAD_TIMEOUT_MS, 'the corpus reloaded');
    expect(embedText((await ask(fake, 'How much did the harbour bridge cost?')).embeds?.[0] ?? {})).toContain('Harbour bridge reopens');

    const stopped = await bot.stop(30_000);
    expect(stopped.code).toBe(0);
    // Nothing on stderr: no loader, no experimental-feature warning, no worker failure.
    expect(bot.stderr).toBe('');
    expect(bot.linesAtLeast(40).map((line) => line.msg)).toEqual([]);
  } finally {
    bot.kill();
    await fake.close();
  }
}

/** Runs the compiled sharded bot at `entry` (the manager and its shard, both without tsx) through an answer and a clean stop. */
export async function exerciseCompiledShards(entry: string): Promise<void> {
  const fake = await startFakeDiscord();
  const bot = await startBotProcess({ entry, env: fake.env(), readyTimeoutMs: READY_TIMEOUT_MS });
  try {
    expect(embedText((await ask(fake, 'What did Putin tell the West?')).embeds?.[0] ?? {})).toContain('Putin');
    expect((await bot.stop(30_000)).code).toBe(0);
    expect(bot.stderr).toBe('');
  } finally {
    bot.kill();
    await fake.close();
  }
}

/**
 * SIGTERM with an answer in flight, through the real bot process (`npm start` and `npm run
 * start:sharded`): the webhook is rate-limited (429, retry after 2 s) so the answer is still on its
 * way when the signal comes. The bot stops taking new interactions, finishes that answer, exits 0.
 * A second signal exits at once.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { chatInputInteraction, option, sleep, startFakeDiscord } from '../../testing/fake-discord/index.ts';
import type { FakeDiscord } from '../../testing/fake-discord/index.ts';
import { BOT_ENTRY, SHARDED_ENTRY, startBotProcess } from '../../testing/bot-process.ts';
import type { BotProcess } from '../../testing/bot-process.ts';
import { E2E_HOOK_TIMEOUT_MS, embedOf, visibleReply } from './helpers.ts';

vi.setConfig({ testTimeout: E2E_HOOK_TIMEOUT_MS + 20_000 });

const QUESTION = 'What did Stoltenberg say about nuclear weapons?';
let fake: FakeDiscord | undefined;
let bot: BotProcess | undefined;

afterEach(async () => {
  bot?.kill();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});

describe.each([
  ['npm start', BOT_ENTRY],
  ['npm run start:sharded', SHARDED_ENTRY],
])('%s', (_name, entry) => {
  test('GIVEN SIGTERM while an answer waits on a rate limit THEN the answer is delivered, a new interaction is not taken, exit 0', async () => {
    fake = await startFakeDiscord();
    bot = await startBotProcess({ env: fake.env(), entry, readyTimeoutMs: E2E_HOOK_TIMEOUT_MS });
    fake.fault({ path: /^\/webhooks\//, method: 'PATCH', status: 429, retryAfter: 2 });
    const asked = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', QUESTION)] }));
    await asked.waitForCallback(5_000);
    // The deferral is in; the answer now waits ~2 s on the rate limit.
    const stopping = bot.stop(15_000);
    await bot.waitForLog((line) => line.msg === 'shutting down', 5_000, 'the shutdown line');
    const late = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', QUESTION)] }));
    const exit = await stopping;
    expect(exit.code).toBe(0);
    const answer = await visibleReply(fake, asked, 1_000);
    expect(embedOf(answer).footer?.text).toContain(QUESTION);
    expect(late.callbackRequests).toEqual([]);
    expect(bot.logs.some((line) => line.msg === 'answers in flight finished')).toBe(true);
  });
});

describe('a second signal', () => {
  test('GIVEN SIGTERM twice while an answer waits THEN the bot exits at once, non-zero', async () => {
    fake = await startFakeDiscord();
    bot = await startBotProcess({ env: fake.env(), readyTimeoutMs: E2E_HOOK_TIMEOUT_MS });
    fake.fault({ path: /^\/webhooks\//, method: 'PATCH', status: 429, retryAfter: 8 });
    const asked = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', QUESTION)] }));
    await asked.waitForCallback(5_000);
    bot.child.kill('SIGTERM');
    await bot.waitForLog((line) => line.msg === 'shutting down', 5_000, 'the shutdown line');
    // Past the window in which a repeat counts as the same signal (a Ctrl-C reaching a shard twice).
    await sleep(1_200);
    const begun = performance.now();
    const exit = await bot.stop(3_000);
    expect(exit.code).not.toBe(0);
    expect(performance.now() - begun).toBeLessThan(3_000);
  });
});

/**
 * A DM flood through the real bot process with the default cooldown (5 questions per 30 s): the
 * bot answers what the cooldown allows and tells the member once to wait; it does not answer every
 * further DM with another notice (each one a REST call against its global rate limit).
 */
import { describe, expect, test, vi } from 'vitest';
import { DEFAULT_ASK_COOLDOWN_LIMIT } from '../../src/config.ts';
import { dmMessage, sleep, waitUntil } from '../../testing/fake-discord/index.ts';
import { E2E_TEST_TIMEOUT_MS, useBotProcess } from './helpers.ts';

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
// The default cooldown, not the test processes' raised one; debug level: dropped DMs are logged there.
const ctx = useBotProcess({ extraEnv: { ASK_COOLDOWN_LIMIT: String(DEFAULT_ASK_COOLDOWN_LIMIT), ASK_COOLDOWN_SECONDS: '30', LOG_LEVEL: 'debug' } });

describe('a DM flood', () => {
  test('GIVEN 20 DMs in a burst THEN at most 6 messages back: the allowed answers and one notice', async () => {
    const sent = Array.from({ length: 20 }, (_, index) => ctx.fake.sendMessage(dmMessage(ctx.fake, { content: `What did Stoltenberg say? (${index})` })).message);
    // Every DM is handled (answered, noticed or dropped) before counting.
    await waitUntil(() => sent.every((message) => ctx.bot.logs.some((line) => line.msg === 'message' && line['message'] === message.id)) || undefined, {
      timeoutMs: 10_000,
      description: 'a log line for each DM',
    });
    await sleep(200);
    const channel = sent[0]?.channel_id ?? '';
    const replies = ctx.fake.messages(channel).filter((message) => message.author.id === ctx.fake.botUser.id);
    expect(replies.length).toBeLessThanOrEqual(DEFAULT_ASK_COOLDOWN_LIMIT + 1);
    const outcomes = sent.map((message) => ctx.bot.logs.find((line) => line.msg === 'message' && line['message'] === message.id)?.['outcome']);
    expect(outcomes.filter((outcome) => outcome === 'cooldown')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'dropped')).toHaveLength(20 - DEFAULT_ASK_COOLDOWN_LIMIT - 1);
  });
});

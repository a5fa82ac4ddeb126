/**
 * `npm run start:sharded`: the same bot under discord.js's ShardingManager (one shard process
 * here, as the fake serves one shard), answering in a server and in a DM (DMs arrive on shard 0),
 * and shutting its shards down cleanly on SIGTERM.
 */
import { describe, expect, test, vi } from 'vitest';
import { chatInputInteraction, dmMessage, option } from '../../testing/fake-discord/index.ts';
import { SHARDED_ENTRY } from '../../testing/bot-process.ts';
import { ANSWER_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, embedOf, expectAnswered, expectCleanShutdown, expectVerbatim, shownQuotes, useBotProcess } from './helpers.ts';

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
const ctx = useBotProcess({ entry: SHARDED_ENTRY });

describe('the sharded bot', () => {
  test('GIVEN /ask in a server THEN the shard answers once, with a quote from the story', async () => {
    const interaction = ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', 'What did Putin tell the West?')] }));
    const { message, log } = await expectAnswered(ctx, interaction);
    expect(log).toMatchObject({ command: 'ask', outcome: 'answered' });
    const quotes = shownQuotes(embedOf(message).description ?? '');
    expect(quotes.length).toBeGreaterThan(0);
    quotes.forEach(expectVerbatim);
  });

  test('GIVEN a plain DM THEN shard 0 answers it like /ask', async () => {
    const { message } = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: 'What did Stoltenberg say?' }));
    const log = await ctx.bot.waitForLog((line) => line.msg === 'message' && line['message'] === message.id, ANSWER_TIMEOUT_MS, 'the DM log line');
    expect(log).toMatchObject({ command: 'dm', outcome: 'answered' });
  });

  test('GIVEN SIGTERM THEN the manager stops its shards and exits cleanly', async () => {
    await expectCleanShutdown(ctx);
    expect(ctx.bot.logs.some((line) => line['role'] === 'manager' && line.msg === 'shutting down shards')).toBe(true);
  });
});

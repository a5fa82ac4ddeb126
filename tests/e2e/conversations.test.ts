/**
 * Conversations through the fake Discord, as a member holds them: a plain DM conversation, an
 * /ask follow-up in the same channel by the same member, and a reply to the bot's answer that
 * mentions the bot. Each follow-up's reply shows the question as understood.
 */
import { describe, expect, test, vi } from 'vitest';
import { parseAnswerFooter } from '../../src/views.ts';
import { chatInputInteraction, dmMessage, guildMessage, option } from '../../testing/fake-discord/index.ts';
import type { APIMessage } from 'discord.js';
import { ANSWER_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, embedOf, expectAnswered, useBotProcess } from './helpers.ts';

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
const ctx = useBotProcess();

const FIRST = 'What did Stoltenberg say about the mobilisation?';
const FOLLOW_UP = 'what else did he say?';
const UNDERSTOOD = 'what else did Stoltenberg say?';

/** The bot's reply to a member's message, once it is posted. */
async function replyTo(messageId: string, channelId: string): Promise<APIMessage> {
  await ctx.bot.waitForLog((line) => line.msg === 'message' && line['message'] === messageId, ANSWER_TIMEOUT_MS, 'the message log line');
  const reply = ctx.fake.messages(channelId).find((m) => m.author.id === ctx.fake.botUser.id && m.message_reference?.message_id === messageId);
  if (!reply) throw new Error(`no reply to ${messageId}`);
  return reply;
}

/** The question as understood, read from the answer's footer. */
const understoodIn = (message: APIMessage): string | undefined => parseAnswerFooter(embedOf(message).footer?.text)?.question;

describe('conversations', () => {
  test('GIVEN a DM conversation THEN "what else did he say?" is answered as Stoltenberg’s other words, and says so', async () => {
    const first = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: FIRST })).message;
    const firstReply = await replyTo(first.id, first.channel_id);
    const followUp = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: FOLLOW_UP })).message;
    const reply = await replyTo(followUp.id, followUp.channel_id);
    expect(understoodIn(reply)).toBe(UNDERSTOOD);
    expect(embedOf(reply).title).toContain('Stoltenberg');
    expect(embedOf(reply).description).not.toBe(embedOf(firstReply).description);
  });

  test('GIVEN /ask then a follow-up /ask by the same member in the same channel THEN it is read in the light of the first; another channel starts afresh', async () => {
    const ask = (question: string, channelId?: string) =>
      expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', question)], ...(channelId ? { channelId } : {}) })));
    await ask(FIRST);
    const followUp = await ask(FOLLOW_UP);
    expect(understoodIn(followUp.message)).toBe(UNDERSTOOD);
    const elsewhere = await ask(FOLLOW_UP, ctx.fake.guild.channels.find((channel) => channel.id !== ctx.fake.guild.defaultChannelId)?.id ?? '0');
    expect(understoodIn(elsewhere.message) ?? FOLLOW_UP).not.toBe(UNDERSTOOD);
  });

  test('GIVEN a reply to the bot’s answer that mentions the bot THEN it is answered as a follow-up; a message not replying to the bot is ignored', async () => {
    const answered = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', 'how many reservists')] })));
    const channelId = answered.message.channel_id;
    const base = guildMessage(ctx.fake, { content: `<@${ctx.fake.botUser.id}> when did he announce it?`, mentions: [ctx.fake.botUser], channelId });
    const reply = ctx.fake.sendMessage({
      ...base,
      message_reference: { message_id: answered.message.id, channel_id: channelId, guild_id: base.guild_id },
      referenced_message: answered.message,
    }).message;
    const answer = await replyTo(reply.id, channelId);
    expect(understoodIn(answer)).toBe('when did Putin announce the reservists?');

    const unrelated = ctx.fake.sendMessage(guildMessage(ctx.fake, { content: 'what else did he say?', channelId })).message;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ctx.bot.logs.some((line) => line.msg === 'message' && line['message'] === unrelated.id)).toBe(false);
  });
});

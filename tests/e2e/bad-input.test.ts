/**
 * Bad input through the real bot process: empty (or only invisible) text, a 6,000-character
 * message, `@everyone` / role / user mentions, Markdown, zero-width and right-to-left characters.
 * Every case gets a sensible answer or a clear private message, every payload is accepted by the
 * fake (which rejects what Discord rejects: over-long embeds, empty messages), and every payload
 * carries `allowed_mentions: { parse: [] }`.
 */
import type { APIMessage } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { CHECK_COMMAND_NAME } from '../../commands/check.ts';
import { EMPTY_DM_MESSAGE } from '../../commands/ask.ts';
import { BLANK_SPEAKER_MESSAGE } from '../../commands/quote.ts';
import { MAX_QUESTION_LENGTH, QuestionError, Story } from '../../src/story.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { INPUT_PROBLEM_MESSAGES } from '../../src/text/language.ts';
import { defuseLinks, MAX_CLAIM_ECHO, MESSAGES, parseAnswerFooter, unescapeMarkdown } from '../../src/views.ts';
import { chatInputInteraction, dmMessage, messageContextMenuInteraction, option } from '../../testing/fake-discord/index.ts';
import {
  ANSWER_TIMEOUT_MS,
  E2E_TEST_TIMEOUT_MS,
  embedMarkdown,
  embedOf,
  embedText,
  ephemeral,
  expectAnswered,
  expectCleanShutdown,
  expectNoMentionsAnywhere,
  expectVerbatim,
  isBotMessagePayload,
  payloadBody,
  shownQuotes,
  useBotProcess,
} from './helpers.ts';

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
const ctx = useBotProcess();

let story: Story | undefined;
/** The engine's own message for a question it refuses (so the test does not copy the wording). */
function questionErrorFor(text: string): string {
  story ??= Story.load(DEFAULT_CORPUS_DIR);
  try {
    story.ask(text);
  } catch (error) {
    if (error instanceof QuestionError) return error.message;
    throw error;
  }
  throw new Error(`the engine accepts ${JSON.stringify(text.slice(0, 40))}`);
}

/** Discord's message limit with Nitro: the longest DM a member can send. */
const LONGEST_MESSAGE = ('What did Stoltenberg say about Putin and the nuclear threat? '.repeat(100)).slice(0, 6_000);
const ROLE_ID = '1200000000000000001';
const MENTIONS = `@everyone @here <@&${ROLE_ID}> <@1300000000000000001> what did Putin say?`;
const MARKDOWN = '**bold** __underline__ ~~strike~~ `code` ||spoiler|| [link](https://example.com) # heading > quote';
const ZERO_WIDTH = 'What did\u200b Stoltenberg\u200d say about\u2060 Putin?\u200e';
const RIGHT_TO_LEFT = '\u202eWhat did Stoltenberg say\u202c about Putin? ماذا قال ستولتنبرغ؟ מה אמר?';

/** The one reply (DM answer) the bot sent to a member's message. */
async function replyTo(message: APIMessage): Promise<APIMessage> {
  const log = await ctx.bot.waitForLog((line) => line.msg === 'message' && line['message'] === message.id, ANSWER_TIMEOUT_MS, `the log line of DM ${message.id}`);
  expect(log['outcome']).not.toBe('error');
  const replies = ctx.fake.messages(message.channel_id).filter((m) => m.author.id === ctx.fake.botUser.id && m.message_reference?.message_id === message.id);
  expect(replies, 'exactly one reply').toHaveLength(1);
  return replies[0] as APIMessage;
}

/** The payloads of one interaction (callback and webhook calls). */
function payloadsOf(interaction: { requests: readonly Parameters<typeof isBotMessagePayload>[0][] }) {
  return interaction.requests.filter(isBotMessagePayload).map(payloadBody);
}

describe('empty and invisible input', () => {
  test('GIVEN /ask with only zero-width characters THEN the engine\'s "ask a question" message, privately', async () => {
    const invisible = '\u200b\u200d\u2060';
    const { message, log } = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', invisible)] })));
    expect(ephemeral(message)).toBe(true);
    expect(unescapeMarkdown(embedOf(message).description ?? '')).toBe(questionErrorFor(invisible));
    expect(log).toMatchObject({ outcome: 'user_error' });
  });

  test('GIVEN /quote with a blank speaker THEN the "name a person" message, privately', async () => {
    const { message } = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'quote', options: [option.string('speaker', ' \u200b ')] })));
    expect(ephemeral(message)).toBe(true);
    expect(unescapeMarkdown(embedOf(message).description ?? '')).toBe(BLANK_SPEAKER_MESSAGE);
  });

  test('GIVEN an empty DM (an image, a sticker) THEN it says to send a question as text', async () => {
    const { message } = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: '' }));
    const reply = await replyTo(message);
    expect(unescapeMarkdown(embedOf(reply).description ?? '')).toBe(EMPTY_DM_MESSAGE);
  });
});

describe('another language, emoji only', () => {
  test.each([
    ['¿Qué dijo la OTAN sobre Putin?', 'I can only answer questions in English.'],
    ['🤔🔥', INPUT_PROBLEM_MESSAGES['no-words']],
  ])('GIVEN the DM %j THEN the reply says why, with no English suggestions', async (content, refusal) => {
    const { message } = ctx.fake.sendMessage(dmMessage(ctx.fake, { content }));
    const reply = await replyTo(message);
    const embed = embedOf(reply);
    expect(unescapeMarkdown(embed.description ?? '')).toContain(refusal);
    expect(embedText(embed)).not.toContain(MESSAGES.notCovered);
    expect(embed.fields ?? []).toEqual([]);
  });
});

describe('6,000 characters', () => {
  test('GIVEN a 6,000-character DM THEN a clear "keep it under" message that Discord accepts', async () => {
    expect(LONGEST_MESSAGE).toHaveLength(6_000);
    const { message } = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: LONGEST_MESSAGE }));
    const reply = await replyTo(message);
    const text = unescapeMarkdown(embedOf(reply).description ?? '');
    expect(text).toBe(questionErrorFor(LONGEST_MESSAGE));
    expect(text).toContain(String(MAX_QUESTION_LENGTH));
  });

  test('GIVEN a 6,000-character /ask (a client ignoring max_length) THEN the same clear message, privately', async () => {
    const { message } = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', LONGEST_MESSAGE)] })));
    expect(ephemeral(message)).toBe(true);
    expect(unescapeMarkdown(embedOf(message).description ?? '')).toBe(questionErrorFor(LONGEST_MESSAGE));
  });

  test('GIVEN "Check against the story" on a 6,000-character message THEN it is checked (cut, not refused) and the echo stays short', async () => {
    const { message, log } = await expectAnswered(
      ctx,
      ctx.fake.sendInteraction(messageContextMenuInteraction(ctx.fake, { name: CHECK_COMMAND_NAME, targetContent: LONGEST_MESSAGE })),
    );
    const embed = embedOf(message);
    expect(['answered', 'abstained']).toContain(log['outcome']);
    const echoed = /Checked: “([^”]*)”/.exec(unescapeMarkdown(embed.description ?? ''))?.[1] ?? '';
    expect(echoed.length).toBeGreaterThan(0);
    expect(echoed.length).toBeLessThanOrEqual(MAX_CLAIM_ECHO);
    (embed.fields ?? []).flatMap((field) => shownQuotes(field.value)).forEach(expectVerbatim);
  });
});

describe('mentions', () => {
  test.each([
    ['/ask (answered)', () => chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', MENTIONS)] })],
    ['/ask (not covered)', () => chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', `@everyone <@&${ROLE_ID}> qwzxv plorbizzle`)] })],
    ['/quote', () => chatInputInteraction(ctx.fake, { name: 'quote', options: [option.string('speaker', `@everyone <@&${ROLE_ID}>`), option.string('topic', '@here')] })],
    ['Check against the story', () => messageContextMenuInteraction(ctx.fake, { name: CHECK_COMMAND_NAME, targetContent: MENTIONS })],
  ])('GIVEN %s with @everyone, @here, a role and a user mention THEN the words are shown as typed and nothing can ping', async (_label, build) => {
    const interaction = ctx.fake.sendInteraction(build());
    const { message } = await expectAnswered(ctx, interaction);
    const payloads = payloadsOf(interaction);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expect(payload['allowed_mentions']).toEqual({ parse: [] });
    // Mention syntax in the Markdown parts is escaped, so even a client ignoring allowed_mentions
    // shows text (footers are plain text: Discord renders neither Markdown nor mentions there).
    const markdown = embedMarkdown(embedOf(message));
    expect(markdown).not.toMatch(/(?<!\\)<@&?\d+(?<!\\)>/);
    expect(message.mention_everyone).toBe(false);
    expect(message.mention_roles).toEqual([]);
    expect(message.mentions).toEqual([]);
  });

  test('GIVEN a DM full of mentions THEN the reply does not ping (not even the member it replies to)', async () => {
    const { message } = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: MENTIONS }));
    await replyTo(message);
    const request = ctx.fake.requests.filter((r) => r.route === 'POST /channels/:channel/messages' && r.path.includes(message.channel_id)).at(-1);
    expect(request).toBeDefined();
    const allowed = payloadBody(request ?? ({} as never))['allowed_mentions'] as Record<string, unknown>;
    expect(allowed['parse']).toEqual([]);
    expect(allowed['replied_user']).toBe(false);
  });
});

describe('markdown, zero-width and right-to-left text', () => {
  test('GIVEN a question full of Markdown THEN it is echoed exactly as typed, never formatted', async () => {
    const { message } = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', MARKDOWN)] })));
    const embed = embedOf(message);
    const shown = embed.footer?.text ?? '';
    const footer = parseAnswerFooter(shown);
    // Answered: the question is in the (plain-text) footer. Not covered: escaped in the description.
    if (footer) expect(footer.question).toBe(MARKDOWN);
    else {
      expect(embed.description).toContain(MESSAGES.notCovered);
      // Shown as typed, except that its link is not clickable.
      expect(unescapeMarkdown(embed.description ?? '')).toContain(defuseLinks(MARKDOWN));
      expect(embed.description).not.toContain('**bold**');
      expect(embed.description).not.toContain('[link](https://example.com)');
    }
  });

  test('GIVEN zero-width characters inside a covered question THEN it is answered as if they were not there', async () => {
    const [plain, hidden] = await Promise.all([
      expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', 'What did Stoltenberg say about Putin?')] }))),
      expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', ZERO_WIDTH)] }))),
    ]);
    if (!plain || !hidden) throw new Error('missing answer');
    const [expected] = shownQuotes(embedOf(plain.message).description ?? '');
    const [got] = shownQuotes(embedOf(hidden.message).description ?? '');
    expect(got).toBeDefined();
    expect(got).toEqual(expected);
    if (got) expectVerbatim(got);
    const footer = embedOf(hidden.message).footer?.text ?? '';
    for (const invisible of ['\u200b', '\u200d', '\u2060', '\u200e']) expect(footer).not.toContain(invisible);
  });

  test('GIVEN right-to-left overrides and Arabic/Hebrew text THEN a sensible reply with no bidi override echoed back', async () => {
    const { message, log } = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', RIGHT_TO_LEFT)] })));
    expect(['answered', 'abstained']).toContain(log['outcome']);
    const text = embedText(embedOf(message));
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('ماذا قال ستولتنبرغ؟');
    shownQuotes(embedOf(message).description ?? '').forEach(expectVerbatim);
  });
});

describe('the bot process', () => {
  test('GIVEN SIGTERM THEN it exits 0; every payload it sent in this file carried allowed_mentions with nothing to parse', async () => {
    expect(expectNoMentionsAnywhere(ctx.fake)).toBeGreaterThan(10);
    await expectCleanShutdown(ctx);
  });
});

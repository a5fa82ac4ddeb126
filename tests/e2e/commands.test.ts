/**
 * Every command as a member meets it, through the real bot process (`node --import tsx
 * src/bot.ts`, as `npm start`) and the unmodified discord.js client talking to the fake Discord
 * over loopback: in a server, in the DM with the bot, and user-installed (in a server without the
 * bot, and in a DM between members). Assertions are what a member would notice: one answer per
 * interaction, quotes word for word with the right paragraph, private where private, the plain
 * "not covered" wording, and one log line per interaction.
 */
import { InteractionResponseType, InteractionType } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import { CHECK_COMMAND_NAME, NO_TEXT_MESSAGE } from '../../commands/check.ts';
import { MORE_QUOTES_LABEL } from '../../commands/ask.ts';
import { MESSAGES, parseAnswerFooter } from '../../src/views.ts';
import {
  autocompleteInteraction,
  buildGuild,
  buttonInteraction,
  chatInputInteraction,
  dmMessage,
  guildMessage,
  messageContextMenuInteraction,
  option,
} from '../../testing/fake-discord/index.ts';
import type { InteractionBaseOptions, InteractionHandle } from '../../testing/fake-discord/index.ts';
import { expectAnsweredOnce, sleep } from '../../testing/fake-discord/harness.ts';
import {
  ANSWER_TIMEOUT_MS,
  buttonIds,
  buttonsOf,
  callbackFlags,
  corpusArticles,
  E2E_TEST_TIMEOUT_MS,
  embedOf,
  embedText,
  ephemeral,
  expectAnswered,
  expectCleanShutdown,
  expectOneLogLine,
  expectVerbatim,
  rawCorpusText,
  shownQuotes,
  useBotProcess,
} from './helpers.ts';

/** A question the story plainly covers (its whole subject). */
const COVERED = 'What did Stoltenberg say about Putin and nuclear weapons?';
/** Words that appear nowhere in any article: the story cannot cover them. */
const NOT_COVERED = 'Qwzxv plorbizzle frumious snarkwidget?';
const EPHEMERAL = 64;

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
const ctx = useBotProcess();

/** Where a member can use the commands. */
const PLACES: { label: string; options: () => InteractionBaseOptions }[] = [
  { label: 'a server (guild install)', options: () => ({ where: 'guild' }) },
  { label: 'a server where only the member installed the app (user install)', options: () => ({ where: 'guild', install: 'user', guild: elsewhere() }) },
  { label: 'the DM with the bot', options: () => ({ where: 'botDm' }) },
  { label: 'the DM with the bot (user install)', options: () => ({ where: 'botDm', install: 'user' }) },
  { label: 'a DM between members (user install)', options: () => ({ where: 'privateChannel' }) },
];

let otherGuild: ReturnType<typeof buildGuild> | undefined;
/** A server the bot is not in (only the member installed the app): discord.js has nothing cached for it. */
function elsewhere(): ReturnType<typeof buildGuild> {
  otherGuild ??= buildGuild(ctx.fake, { name: 'A server without the bot' });
  return otherGuild;
}

function send(payload: Parameters<typeof ctx.fake.sendInteraction>[0]): InteractionHandle {
  return ctx.fake.sendInteraction(payload);
}

/** The speakers offered by /quote's autocomplete for what was typed. */
async function speakerChoices(typed: string, place: InteractionBaseOptions = {}): Promise<string[]> {
  const interaction = send(autocompleteInteraction(ctx.fake, { ...place, name: 'quote', options: [option.string('speaker', typed, true)] }));
  await expectAnsweredOnce(interaction, { timeoutMs: ANSWER_TIMEOUT_MS, type: InteractionResponseType.ApplicationCommandAutocompleteResult });
  await expectOneLogLine(ctx.bot, interaction.id);
  return (await interaction.waitForChoices()).map((choice) => String(choice.value));
}

describe('every command, everywhere it is offered', () => {
  test.each(PLACES)('GIVEN $label THEN /ask, /quote, /summary, /source, /help and "Check against the story" each answer once', async ({ options }) => {
    const place = options();
    const [speaker] = await speakerChoices('', place);
    expect(speaker, 'a speaker offered by /quote autocomplete').toBeDefined();
    const handles = {
      ask: send(chatInputInteraction(ctx.fake, { ...place, name: 'ask', options: [option.string('question', COVERED)] })),
      quote: send(chatInputInteraction(ctx.fake, { ...place, name: 'quote', options: [option.string('speaker', speaker ?? '')] })),
      summary: send(chatInputInteraction(ctx.fake, { ...place, name: 'summary' })),
      source: send(chatInputInteraction(ctx.fake, { ...place, name: 'source' })),
      help: send(chatInputInteraction(ctx.fake, { ...place, name: 'help' })),
      check: send(messageContextMenuInteraction(ctx.fake, { ...place, name: CHECK_COMMAND_NAME, targetContent: COVERED })),
    };
    const [ask, quote, summary, source, help, check] = await Promise.all(Object.values(handles).map((handle) => expectAnswered(ctx, handle)));
    if (!ask || !quote || !summary || !source || !help || !check) throw new Error('an answer is missing');

    // /ask: the best quote word for word, attributed, for the channel to see.
    const [best] = shownQuotes(embedOf(ask.message).description ?? '');
    expect(best, 'a quote in the /ask answer').toBeDefined();
    if (best) expectVerbatim(best);
    expect(ephemeral(ask.message)).toBe(false);
    expect(ask.log).toMatchObject({ command: 'ask', kind: 'slash', outcome: 'answered' });

    // /quote: the speaker's statements, each attributed and verbatim.
    const statements = (embedOf(quote.message).fields ?? []).flatMap((field) => shownQuotes(field.value));
    expect(statements.length).toBeGreaterThan(0);
    statements.forEach(expectVerbatim);
    expect(quote.log).toMatchObject({ command: 'quote', outcome: 'answered' });

    // /summary: private by default.
    expect(embedOf(summary.message).title).toBeTruthy();
    expect(ephemeral(summary.message)).toBe(true);
    expect(callbackFlags(summary.callback) & EPHEMERAL).toBe(EPHEMERAL);

    // /source and /help: private notices.
    expect(ephemeral(source.message)).toBe(true);
    expect(ephemeral(help.message)).toBe(true);

    // Check against the story: private (not a public rebuttal), passages verbatim.
    expect(ephemeral(check.message)).toBe(true);
    const passages = (embedOf(check.message).fields ?? []).flatMap((field) => shownQuotes(field.value));
    expect(passages.length).toBeGreaterThan(0);
    passages.forEach(expectVerbatim);
    expect(check.log).toMatchObject({ command: CHECK_COMMAND_NAME, kind: 'message_menu' });
  });
});

describe('/ask', () => {
  test('GIVEN a covered question THEN the best quote is word for word with "paragraph N · title" and a More quotes button', async () => {
    const { message, log } = await expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', COVERED)] })));
    const embed = embedOf(message);
    const quotes = shownQuotes(embed.description ?? '');
    expect(quotes).toHaveLength(1);
    quotes.forEach(expectVerbatim);
    const footer = parseAnswerFooter(embed.footer?.text);
    expect(footer, `footer "${embed.footer?.text ?? ''}"`).toMatchObject({ page: 0, question: COVERED });
    if ((footer?.total ?? 0) > 1) {
      expect(buttonsOf(message)).toEqual([expect.objectContaining({ label: MORE_QUOTES_LABEL }), expect.objectContaining({ label: '👍' }), expect.objectContaining({ label: '👎' })]);
    }
    expect(log).toMatchObject({ command: 'ask', outcome: 'answered' });
    expect(log['latencyMs']).toBeLessThan(3_000);
  });

  test('GIVEN a question the story does not cover THEN it says so plainly, suggests what it covers, and offers no paging, only votes', async () => {
    const { message, log } = await expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', NOT_COVERED)] })));
    const embed = embedOf(message);
    expect(embed.description).toContain(MESSAGES.notCovered);
    expect(embed.fields?.length ?? 0, 'a field suggesting what the story covers').toBeGreaterThan(0);
    expect(shownQuotes(embedText(embed))).toEqual([]);
    expect(buttonIds(message)).toEqual(['ask:vote:up::', 'ask:vote:down::']);
    expect(log).toMatchObject({ outcome: 'abstained' });
  });

  test('GIVEN private:true THEN the answer is ephemeral (flag 64) from the first acknowledgement', async () => {
    const { callback, message } = await expectAnswered(
      ctx,
      send(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', COVERED), option.boolean('private', true)] })),
    );
    expect(callbackFlags(callback) & EPHEMERAL).toBe(EPHEMERAL);
    expect(ephemeral(message)).toBe(true);
    // An ephemeral reply never lands in the channel's history.
    expect(ctx.fake.message(message.channel_id, message.id)).toBeUndefined();
  });

  test.each(['', 'Put', 'nuclear', 'What did', 'a'.repeat(100)])(
    'GIVEN autocomplete on "%s" THEN at most 25 valid suggestions, answered once and fast',
    async (typed) => {
      const interaction = send(autocompleteInteraction(ctx.fake, { name: 'ask', options: [option.string('question', typed, true)] }));
      const callback = await expectAnsweredOnce(interaction, { timeoutMs: ANSWER_TIMEOUT_MS, type: InteractionResponseType.ApplicationCommandAutocompleteResult });
      const choices = await interaction.waitForChoices();
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThan(0);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(String(choice.value).length).toBeLessThanOrEqual(100);
      }
      const log = await expectOneLogLine(ctx.bot, interaction.id);
      expect(log).toMatchObject({ command: 'ask', kind: 'autocomplete' });
      // Autocomplete must beat Discord's 3 s (the fake refuses later callbacks); on loopback it is far faster.
      expect(callback.status).toBe(204);
      expect(log['latencyMs']).toBeLessThan(1_000);
    },
  );

  test('GIVEN autocomplete on the article option THEN the choices are the corpus articles (value = id)', async () => {
    const interaction = send(autocompleteInteraction(ctx.fake, { name: 'ask', options: [option.string('question', 'Putin'), option.string('article', '', true)] }));
    await expectAnsweredOnce(interaction, { timeoutMs: ANSWER_TIMEOUT_MS });
    const choices = await interaction.waitForChoices();
    const articles = corpusArticles();
    expect(choices.length).toBe(Math.min(25, articles.length));
    for (const choice of choices) expect(articles.map((article) => article.id)).toContain(choice.value);
  });

  test('GIVEN "More quotes" pressed by the asker THEN the same message turns to the next quote; by someone else THEN they get that page privately', async () => {
    const asked = await expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'ask', options: [option.string('question', COVERED)] })));
    const first = parseAnswerFooter(embedOf(asked.message).footer?.text);
    expect(first?.total ?? 0, 'the story has more than one passage on this').toBeGreaterThan(1);
    const [moreId] = buttonIds(asked.message);
    expect(moreId).toBeDefined();
    const firstQuote = shownQuotes(embedOf(asked.message).description ?? '')[0];

    // The asker turns the page: the answer message itself changes (no new message).
    const press = send(buttonInteraction(ctx.fake, { customId: moreId ?? '', message: asked.message }));
    const pressed = await expectAnsweredOnce(press, { timeoutMs: ANSWER_TIMEOUT_MS });
    expect([InteractionResponseType.UpdateMessage, InteractionResponseType.DeferredMessageUpdate]).toContain(press.callbackType);
    const turned = await press.waitForOriginal((message) => parseAnswerFooter(embedOf(message).footer?.text)?.page === 1, ANSWER_TIMEOUT_MS);
    expect(turned.id).toBe(asked.message.id);
    const second = shownQuotes(embedOf(turned).description ?? '')[0];
    expect(second).toBeDefined();
    if (second) expectVerbatim(second);
    expect(second).not.toEqual(firstQuote);
    expect(press.followUps).toEqual([]);
    expect(pressed.status).toBeLessThan(300);
    const log = await expectOneLogLine(ctx.bot, press.id);
    expect(log).toMatchObject({ command: 'ask', kind: 'button', outcome: 'paged' });
    // The stored channel message is the turned page (what everyone in the channel sees).
    expect(parseAnswerFooter(embedOf(ctx.fake.message(turned.channel_id, turned.id) ?? turned).footer?.text)?.page).toBe(1);

    // Someone else presses the button on the turned page: a private copy of the next page.
    const [nextId] = buttonIds(turned);
    if (nextId !== undefined && (first?.total ?? 0) > 2) {
      const stranger = ctx.fake.createUser('stranger');
      const other = send(buttonInteraction(ctx.fake, { customId: nextId, message: turned, user: stranger, roles: [] }));
      const answered = await expectAnswered(ctx, other);
      expect(ephemeral(answered.message)).toBe(true);
      expect(answered.message.id).not.toBe(turned.id);
      expect(parseAnswerFooter(embedOf(answered.message).footer?.text)?.page).toBe(2);
      // The asker's message did not move.
      expect(parseAnswerFooter(embedOf(ctx.fake.message(turned.channel_id, turned.id) ?? turned).footer?.text)?.page).toBe(1);
    }
  });
});

describe('/quote', () => {
  test('GIVEN autocomplete on the speaker THEN people the story quotes, matching what was typed, at most 25', async () => {
    const all = await speakerChoices('');
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(25);
    const corpus = rawCorpusText();
    for (const name of all) expect(corpus, `speaker "${name}" appears in the story`).toContain(name);
    const first = all[0] ?? '';
    const typed = first.slice(0, 3);
    const narrowed = await speakerChoices(typed);
    expect(narrowed).toContain(first);
    for (const name of narrowed) expect(name.toLowerCase()).toContain(typed.toLowerCase());
    expect(await speakerChoices('zzqqxx')).toEqual([]);
  });

  test('GIVEN a speaker the story does not quote THEN it says so and lists who it does quote', async () => {
    const { message, log } = await expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'quote', options: [option.string('speaker', 'Zebulon Quux')] })));
    const text = embedText(embedOf(message));
    expect(text).toContain('Zebulon Quux');
    expect(shownQuotes(text)).toEqual([]);
    expect(log).toMatchObject({ outcome: 'abstained' });
  });
});

describe('/summary', () => {
  test('GIVEN no option THEN the summary is private; GIVEN post:true THEN it is posted for the channel', async () => {
    const [privately, posted] = await Promise.all([
      expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'summary' }))),
      expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'summary', options: [option.boolean('post', true)] }))),
    ]);
    if (!privately || !posted) throw new Error('missing answer');
    expect(ephemeral(privately.message)).toBe(true);
    expect(ephemeral(posted.message)).toBe(false);
    expect(callbackFlags(posted.callback) & EPHEMERAL).toBe(0);
    expect(ctx.fake.message(posted.message.channel_id, posted.message.id), 'the posted summary is in the channel').toBeDefined();
    const titles = corpusArticles().map((article) => article.title);
    expect(titles).toContain(embedOf(posted.message).title);
    // Extractive: every sentence block of the summary is the article's own words, and says which paragraph.
    const corpus = rawCorpusText();
    for (const block of (embedOf(posted.message).description ?? '').split(/\n+/).filter(Boolean)) {
      expect(block).toMatch(/ \(¶\d+\)$/);
      const words = block.replace(/ \(¶\d+\)$/, '').replace(/\\(.)/g, '$1').replace(/…$/, '').trim();
      expect(corpus).toContain(words.replace(/\s+/g, ' '));
    }
  });
});

describe('/source and /help', () => {
  test('GIVEN /source THEN every article with its passage count; GIVEN /help THEN every command is explained', async () => {
    const [source, help] = await Promise.all([
      expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'source' }))),
      expectAnswered(ctx, send(chatInputInteraction(ctx.fake, { name: 'help' }))),
    ]);
    if (!source || !help) throw new Error('missing answer');
    const sourceText = embedText(embedOf(source.message));
    for (const article of corpusArticles()) {
      expect(sourceText).toContain(article.title);
      expect(sourceText).toContain(`${article.passages.length} passage`);
    }
    const helpText = embedText(embedOf(help.message));
    for (const command of ['/ask', '/quote', '/summary', '/pin-summary', '/source', CHECK_COMMAND_NAME]) expect(helpText).toContain(command);
  });
});

describe('Check against the story (message menu)', () => {
  test('GIVEN a message the story does not cover THEN it says so; GIVEN a message with no text THEN it says what to pick', async () => {
    const [uncovered, empty] = await Promise.all([
      expectAnswered(ctx, send(messageContextMenuInteraction(ctx.fake, { name: CHECK_COMMAND_NAME, targetContent: NOT_COVERED }))),
      expectAnswered(ctx, send(messageContextMenuInteraction(ctx.fake, { name: CHECK_COMMAND_NAME, targetContent: '' }))),
    ]);
    if (!uncovered || !empty) throw new Error('missing answer');
    expect(embedOf(uncovered.message).description).toContain(MESSAGES.claimNotCovered);
    expect(ephemeral(uncovered.message)).toBe(true);
    expect(embedOf(empty.message).description).toBe(NO_TEXT_MESSAGE);
    expect(ephemeral(empty.message)).toBe(true);
    expect(empty.log).toMatchObject({ outcome: 'user_error' });
  });
});

describe('plain messages', () => {
  test('GIVEN a plain DM THEN it is answered like /ask, once, and the bot ignores the echo of its own reply', async () => {
    const dmsBefore = ctx.fake.gateway.framesOf('out', 'MESSAGE_CREATE').length;
    const { message } = ctx.fake.sendMessage(dmMessage(ctx.fake, { content: COVERED }));
    const log = await ctx.bot.waitForLog((line) => line.msg === 'message' && line['message'] === message.id, ANSWER_TIMEOUT_MS, 'the DM log line');
    expect(log).toMatchObject({ command: 'dm', outcome: 'answered' });
    const replies = (): ReturnType<typeof ctx.fake.messages> =>
      ctx.fake.messages(message.channel_id).filter((m) => m.author.id === ctx.fake.botUser.id && m.message_reference?.message_id === message.id);
    const reply = await ctx.fake.waitForRequest((request) => request.route === 'POST /channels/:channel/messages' && request.path.includes(message.channel_id));
    expect(reply.status).toBe(200);
    // The fake echoed the bot's own reply as MESSAGE_CREATE (as Discord does); give the bot time to (wrongly) react.
    await sleep(300);
    expect(ctx.fake.gateway.framesOf('out', 'MESSAGE_CREATE').length - dmsBefore).toBeGreaterThanOrEqual(2);
    expect(replies()).toHaveLength(1);
    const answer = replies()[0];
    const quotes = shownQuotes(embedOf(answer ?? message).description ?? '');
    expect(quotes).toHaveLength(1);
    quotes.forEach(expectVerbatim);
    // One DM from a member, one handled message: the echoes of the bot's own messages were ignored.
    expect(ctx.bot.logs.filter((line) => line.msg === 'message')).toHaveLength(1);
  });

  test('GIVEN a message in a server channel that is no reply to the bot THEN the bot ignores it, mention or not', async () => {
    // GuildMessages lets a reply to the bot's answer through (a follow-up); nothing else is answered.
    const sent = ctx.fake.sendMessage(guildMessage(ctx.fake, { content: COVERED }));
    expect(sent.dispatch.outcome).not.toBe('filtered');
    const forced = guildMessage(ctx.fake, { content: `<@${ctx.fake.botUser.id}> ${COVERED} (mentioned)`, mentions: [ctx.fake.botUser] });
    ctx.fake.dispatch('MESSAGE_CREATE', forced);
    await sleep(300);
    const channel = ctx.fake.guild.defaultChannelId;
    const replies = ctx.fake.requests.filter(
      (request) => request.route === 'POST /channels/:channel/messages' && request.path.includes(channel) && JSON.stringify(request.body).includes('message_reference'),
    );
    expect(replies).toEqual([]);
    expect(ctx.bot.logs.filter((line) => line.msg === 'message' && (line['message'] === sent.message.id || line['message'] === forced.id))).toEqual([]);
  });
});

describe('the bot process', () => {
  test('GIVEN SIGTERM after all of the above THEN it exits 0 with one log line per interaction and no payload that could ping', async () => {
    expect(ctx.fake.interactions.every((interaction) => interaction.callbackType !== null)).toBe(true);
    expect(ctx.fake.interactions.some((interaction) => interaction.payload.type === InteractionType.MessageComponent)).toBe(true);
    await expectCleanShutdown(ctx);
  });
});

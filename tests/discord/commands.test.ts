/**
 * Each command through real discord.js objects: raw Discord payloads go through discord.js's own
 * gateway actions into storybot's router; what the bot sends is read back from the intercepted
 * REST calls. The engine is being improved meanwhile, so expectations come from the types, the
 * article's text, and the exact user-facing messages, never from today's ranking.
 */
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import ask, { ASK_QUOTE_LIMIT, EMPTY_DM_MESSAGE, moreQuotesId, MORE_QUOTES_LABEL, parseMoreQuotesId, UNREADABLE_ANSWER_MESSAGE } from '../../commands/ask.ts';
import { CHECK_COMMAND_NAME, NO_TEXT_MESSAGE } from '../../commands/check.ts';
import { fitClaim } from '../../src/replies.ts';
import { BLANK_SPEAKER_MESSAGE } from '../../commands/quote.ts';
import { matching } from '../../commands/shared.ts';
import { unknownArticleMessage } from '../../src/discord/errors.ts';
import { SlidingWindowCooldown } from '../../src/discord/cooldown.ts';
import { MAX_USER_MESSAGE } from '../../src/discord/limits.ts';
import { fitChoices } from '../../src/discord/respond.ts';
import { MAX_QUESTION_LENGTH, normaliseQuestion, QuestionError } from '../../src/story.ts';
import { escapeMarkdown, MESSAGES, parseAnswerFooter, unescapeMarkdown } from '../../src/views.ts';
import {
  autocomplete,
  BOT_USER,
  buttonPress,
  callbacks,
  createHarness,
  directMessage,
  DM_CHANNEL_ID,
  embedOf,
  flag,
  GUILD_ID,
  type Harness,
  interactionLogs,
  messageMenu,
  OTHER_USER_ID,
  rawMessage,
  slash,
  story,
  text,
  userOf,
  USER_ID,
} from './harness.ts';

const article = story.articles[0];
if (!article) throw new Error('the seed corpus has no article');
/** A question about the seed article's core: the engine answers it with several passages. */
const GOOD_QUESTION = 'What did Stoltenberg say about Putin and nuclear weapons?';
/** Words that appear nowhere in the article: the engine must abstain. */
const NONSENSE_QUESTION = 'xylophone quasar zeppelin';

const harnesses: Harness[] = [];
function harness(options: Parameters<typeof createHarness>[0] = {}): Harness {
  const created = createHarness(options);
  harnesses.push(created);
  return created;
}

afterEach(() => {
  // Whatever a test did: every message storybot sent blocks every mention.
  for (const { rest } of harnesses.splice(0)) {
    for (const { request, body } of rest.messageBodies()) {
      expect(body.allowed_mentions, `${request.method} ${request.path}`).toMatchObject({ parse: [] });
    }
  }
});

function questionErrorFor(question: string): string {
  try {
    story.ask(question);
  } catch (error) {
    if (error instanceof QuestionError) return error.message;
  }
  throw new Error(`expected the story to refuse ${JSON.stringify(question)}`);
}

/**
 * The message the member ends up seeing for one interaction, whichever way it was sent: a direct
 * reply; a deferred reply then its edit (flags taken from the defer, which decides privacy); or,
 * for an error after a public defer, the private follow-up (the public "thinking…" deleted).
 */
function onlyReply(h: Harness): Record<string, unknown> {
  const sent = callbacks(h.rest);
  expect(sent).toHaveLength(1);
  const [first] = sent;
  if (!first) throw new Error('no interaction response');
  if (first.type === InteractionResponseType.ChannelMessageWithSource) return first.data ?? {};
  expect(first.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
  const followUps = h.rest.find('POST', /^\/webhooks\/\d+\/[^/]+$/);
  if (followUps.length > 0) {
    expect(followUps).toHaveLength(1);
    // A public defer is removed before the private follow-up, so nothing lingers in the channel.
    if (!isEphemeral(first.data ?? {})) expect(h.rest.find('DELETE', /\/messages\/@original$/)).toHaveLength(1);
    return followUps[0]?.body as Record<string, unknown>;
  }
  const edits = h.rest.find('PATCH', /\/messages\/@original$/);
  expect(edits).toHaveLength(1);
  return { ...(edits[0]?.body as Record<string, unknown>), flags: first.data?.flags ?? 0 };
}

function isEphemeral(data: Record<string, unknown>): boolean {
  return ((Number(data.flags ?? 0) & MessageFlags.Ephemeral) as number) !== 0;
}

/** Quoted lines of an embed, unescaped: each must be exact words of the article. */
function quotedLines(description = ''): string[] {
  return description
    .split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) => unescapeMarkdown(line.slice(2)));
}

/** The paging buttons of a reply; 👍 and 👎 (on every answer) are checked by tests/discord/votes.test.ts. */
function buttonsOf(data: Record<string, unknown>): { custom_id: string; label: string }[] {
  return ((data.components ?? []) as { components: { custom_id: string; label: string }[] }[])
    .flatMap((row) => row.components)
    .filter((button) => !button.custom_id.startsWith('ask:vote:'));
}

describe('/ask', () => {
  test('GIVEN a question in a server THEN the best quote is quoted word for word, attributed, public, with More quotes', async () => {
    const h = harness();
    await h.interact(slash('ask', [text('question', GOOD_QUESTION)]));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(false);
    const embed = embedOf(data);
    const lines = quotedLines(embed.description);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(article.text).toContain(line);
    expect(embed.description).toMatch(new RegExp(`\\nparagraph \\d+ · ${escapeRegExp(escapeMarkdown(article.title))}$`));
    expect(parseAnswerFooter(embed.footer?.text)).toMatchObject({ page: 0, question: GOOD_QUESTION });
    const expected = story.ask(GOOD_QUESTION, { limit: ASK_QUOTE_LIMIT });
    expect(buttonsOf(data)).toEqual(expected.quotes.length > 1 ? [expect.objectContaining({ custom_id: `ask:more:${USER_ID}:1`, label: MORE_QUOTES_LABEL })] : []);
    expect(interactionLogs(h.logs)).toEqual([expect.objectContaining({ command: 'ask', kind: 'slash', outcome: 'answered', latencyMs: expect.any(Number), user: USER_ID, guild: GUILD_ID })]);
  });

  test('GIVEN private:true THEN only the asker sees the answer', async () => {
    const h = harness();
    await h.interact(slash('ask', [text('question', GOOD_QUESTION), flag('private', true)]));
    expect(isEphemeral(onlyReply(h))).toBe(true);
  });

  test.each(['dm', 'group-dm'] as const)('GIVEN /ask in a %s (user install) THEN it is answered the same way', async (place) => {
    const h = harness();
    await h.interact(slash('ask', [text('question', GOOD_QUESTION)], { place }));
    const embed = embedOf(onlyReply(h));
    for (const line of quotedLines(embed.description)) expect(article.text).toContain(line);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ command: 'ask', outcome: 'answered' });
  });

  test('GIVEN a question the story does not cover THEN it says so plainly and suggests what it covers', async () => {
    const h = harness();
    await h.interact(slash('ask', [text('question', NONSENSE_QUESTION)]));
    const embed = embedOf(onlyReply(h));
    expect(embed.title).toBe('Not in the story');
    expect(embed.description).toBe(`${MESSAGES.notCovered} You asked: “${NONSENSE_QUESTION}”`);
    expect(embed.fields?.length).toBeGreaterThan(0);
    expect(buttonsOf(onlyReply(h))).toEqual([]);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'abstained' });
  });

  test.each([
    ['blank', '   '],
    ['only zero-width characters', '\u200b\u200c\u200d\ufeff'],
    ['only bidirectional controls', '\u202e\u2066\u2069'],
    ['6,000 characters (a Nitro message)', 'why '.repeat(MAX_USER_MESSAGE / 4)],
    ['just over the limit', 'a'.repeat(MAX_QUESTION_LENGTH + 1)],
  ])('GIVEN a %s question THEN the story’s own message is shown privately', async (_case, question) => {
    const h = harness();
    await h.interact(slash('ask', [text('question', question)]));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).description).toBe(escapeMarkdown(questionErrorFor(question)));
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'user_error' });
  });

  test('GIVEN zero-width and right-to-left characters around a real question THEN it is answered, the question cleaned', async () => {
    const h = harness();
    const messy = `\u200b${GOOD_QUESTION.replace('Stoltenberg', 'Stolten\u200dberg')}\u202e`;
    await h.interact(slash('ask', [text('question', messy)]));
    const embed = embedOf(onlyReply(h));
    expect(parseAnswerFooter(embed.footer?.text)?.question).toBe(normaliseQuestion(messy));
    expect(quotedLines(embed.description).length).toBeGreaterThan(0);
  });

  test('GIVEN markdown and mentions in the question THEN nothing formats or pings', async () => {
    const h = harness();
    const question = `**${NONSENSE_QUESTION}** @everyone <@&123456789012345678> ||x||`;
    await h.interact(slash('ask', [text('question', question)]));
    const data = onlyReply(h);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(embedOf(data).description).toContain('\\*\\*xylophone quasar zeppelin\\*\\* @everyone \\<@&123456789012345678\\> \\|\\|x\\|\\|');
  });

  test('GIVEN an article option THEN the search is limited to it and the button remembers it', async () => {
    const h = harness();
    await h.interact(slash('ask', [text('question', GOOD_QUESTION), text('article', article.id)]));
    const data = onlyReply(h);
    for (const line of quotedLines(embedOf(data).description)) expect(article.text).toContain(line);
    const [button] = buttonsOf(data);
    if (button) expect(parseMoreQuotesId(button.custom_id)).toEqual({ asker: USER_ID, page: 1, article: article.id });
  });

  test('GIVEN an article typed as its title THEN it is found', async () => {
    const h = harness();
    await h.interact(slash('ask', [text('question', GOOD_QUESTION), text('article', article.title.toUpperCase())]));
    expect(embedOf(onlyReply(h)).title).not.toBe('Not in the story');
  });

  test('GIVEN an unknown article THEN the member is told to pick one from the list', async () => {
    const h = harness();
    await h.interact(slash('ask', [text('question', GOOD_QUESTION), text('article', 'no-such-article')]));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).description).toBe(escapeMarkdown(unknownArticleMessage('no-such-article')));
  });

  test('GIVEN autocomplete on the question THEN at most 25 suggestions from the story come back', async () => {
    const h = harness();
    await h.interact(autocomplete('ask', [text('question', 'nuc', true)]));
    const sent = callbacks(h.rest);
    expect(sent).toEqual([{ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: fitChoices(story.suggest('nuc')) } }]);
    expect((sent[0]?.data?.choices as unknown[]).length).toBeLessThanOrEqual(25);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ kind: 'autocomplete', outcome: 'ok' });
  });

  test('GIVEN autocomplete on the article THEN titles come back with ids as values', async () => {
    const h = harness();
    await h.interact(autocomplete('ask', [text('question', 'x'), text('article', 'putin', true)]));
    expect(callbacks(h.rest)[0]?.data?.choices).toEqual([{ name: article.title, value: article.id }]);
  });
});

describe('More quotes', () => {
  /** The answer message as Discord stores it, from the bot's own reply payload. */
  async function answered(h: Harness, question = GOOD_QUESTION) {
    await h.interact(slash('ask', [text('question', question)]));
    const data = onlyReply(h);
    // As Discord delivers the bot's answer: with the record of whose interaction it answers.
    const message = {
      ...rawMessage({ embeds: data.embeds as unknown[], components: data.components as unknown[], guild_id: GUILD_ID }),
      interaction_metadata: { id: '500000000000000001', type: InteractionType.ApplicationCommand, user: userOf(USER_ID), authorizing_integration_owners: {} },
    };
    h.rest.requests.length = 0;
    return { data, message };
  }

  test('GIVEN the asker presses it THEN the same message turns to the next passage', async () => {
    const h = harness();
    const expected = story.ask(GOOD_QUESTION, { limit: ASK_QUOTE_LIMIT });
    expect(expected.quotes.length).toBeGreaterThan(1);
    const { message } = await answered(h);
    await h.interact(buttonPress(moreQuotesId({ asker: USER_ID, page: 1 }), message));
    // Acknowledged as an update of the same message, then that message is edited.
    expect(callbacks(h.rest).map((callback) => callback.type)).toEqual([InteractionResponseType.DeferredMessageUpdate]);
    const edits = h.rest.find('PATCH', /\/messages\/@original$/);
    expect(edits).toHaveLength(1);
    const data = edits[0]?.body as Record<string, unknown>;
    const embed = embedOf(data);
    expect(parseAnswerFooter(embed.footer?.text)).toEqual({ page: 1, total: expected.quotes.length, question: GOOD_QUESTION });
    for (const line of quotedLines(embed.description)) expect(article.text).toContain(line);
    expect(buttonsOf(data)).toEqual(expected.quotes.length > 2 ? [expect.objectContaining({ custom_id: `ask:more:${USER_ID}:2` })] : []);
    expect(interactionLogs(h.logs).at(-1)).toMatchObject({ kind: 'button', command: 'ask', outcome: 'paged' });
  });

  test('GIVEN someone else presses it THEN they get that page privately, with their own button', async () => {
    const h = harness();
    const { message } = await answered(h);
    await h.interact(buttonPress(moreQuotesId({ asker: USER_ID, page: 1 }), message, { user: OTHER_USER_ID }));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    expect(parseAnswerFooter(embedOf(data).footer?.text)?.page).toBe(1);
    for (const button of buttonsOf(data)) expect(parseMoreQuotesId(button.custom_id)?.asker).toBe(OTHER_USER_ID);
  });

  test('GIVEN the last page THEN there is no further button', async () => {
    const h = harness();
    const total = story.ask(GOOD_QUESTION, { limit: ASK_QUOTE_LIMIT }).quotes.length;
    const { message } = await answered(h);
    await h.interact(buttonPress(moreQuotesId({ asker: USER_ID, page: total - 1 }), message));
    expect(buttonsOf(h.rest.find('PATCH', /\/messages\/@original$/)[0]?.body as Record<string, unknown>)).toEqual([]);
  });

  test('GIVEN a page past the end (the story changed) THEN the member is told plainly', async () => {
    const h = harness();
    const { message } = await answered(h);
    await h.interact(buttonPress(moreQuotesId({ asker: USER_ID, page: 99 }), message));
    // The answer is left as it was; the explanation comes privately.
    expect(h.rest.find('PATCH', /\/messages\/@original$/)).toEqual([]);
    const followUp = h.rest.find('POST', /^\/webhooks\/\d+\/[^/]+$/)[0]?.body as Record<string, unknown>;
    expect(isEphemeral(followUp)).toBe(true);
    expect(embedOf(followUp).description).toBe('There are no more quotes for that question. Try asking it another way.');
  });

  test('GIVEN a message whose footer cannot be read THEN the member is asked to ask again', async () => {
    const h = harness();
    await h.interact(buttonPress(moreQuotesId({ asker: USER_ID, page: 1 }), rawMessage({ embeds: [{ description: 'edited' }] })));
    const data = callbacks(h.rest)[0]?.data ?? {};
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).description).toBe(escapeMarkdown(UNREADABLE_ANSWER_MESSAGE));
  });

  test('GIVEN a forged custom id THEN it is refused, not crashed on', async () => {
    const h = harness();
    await h.interact(buttonPress('ask:more:not-a-user:x', rawMessage({})));
    expect(embedOf(callbacks(h.rest)[0]?.data).description).toBe(escapeMarkdown(UNREADABLE_ANSWER_MESSAGE));
  });

  test.each([
    [{ asker: USER_ID, page: 3 }, `ask:more:${USER_ID}:3`],
    [{ asker: USER_ID, page: 3, article: 'a-b' }, `ask:more:${USER_ID}:3:a-b`],
    // Too long to fit 100 characters: the filter is dropped rather than the button broken.
    [{ asker: USER_ID, page: 3, article: 'a'.repeat(90) }, `ask:more:${USER_ID}:3`],
  ])('custom id for %j is %s and reads back', (state, id) => {
    expect(moreQuotesId(state)).toBe(id);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseMoreQuotesId(id)).toMatchObject({ asker: state.asker, page: state.page });
  });
});

describe('cooldown', () => {
  test('GIVEN 2 questions per 30 s THEN the third is refused with "try again in N s", privately', async () => {
    const h = harness({ cooldowns: new SlidingWindowCooldown({ limit: 2, windowMs: 30_000 }) });
    for (let index = 0; index < 3; index++) await h.interact(slash('ask', [text('question', GOOD_QUESTION)]));
    const third = callbacks(h.rest)[2]?.data ?? {};
    expect(isEphemeral(third)).toBe(true);
    const wait = /^You are asking quickly\. Try again in (\d+) s\.$/.exec(embedOf(third).description ?? '');
    expect(Number(wait?.[1])).toBeGreaterThanOrEqual(29);
    expect(Number(wait?.[1])).toBeLessThanOrEqual(30);
    expect(interactionLogs(h.logs).map((line) => line.outcome)).toEqual(['answered', 'answered', 'cooldown']);
  });

  test('GIVEN the cooldown THEN it counts per member and covers DMs and the message menu too', async () => {
    const h = harness({ cooldowns: new SlidingWindowCooldown({ limit: 1, windowMs: 30_000 }) });
    await h.interact(slash('ask', [text('question', GOOD_QUESTION)]));
    await h.interact(slash('ask', [text('question', GOOD_QUESTION)], { user: OTHER_USER_ID }));
    await h.interact(messageMenu(CHECK_COMMAND_NAME, { content: GOOD_QUESTION }));
    await h.message(directMessage(GOOD_QUESTION));
    // The menu is told to wait; the DM right after it is dropped quietly: the member was just told.
    expect(interactionLogs(h.logs).map((line) => line.outcome)).toEqual(['answered', 'answered', 'cooldown', 'dropped']);
  });
});

describe('plain DMs', () => {
  test('GIVEN a question in a DM THEN it is answered like /ask, as a reply that pings no one', async () => {
    const h = harness();
    await h.message(directMessage(GOOD_QUESTION));
    const posts = h.rest.find('POST', new RegExp(`^/channels/${DM_CHANNEL_ID}/messages$`));
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.message_reference).toMatchObject({ fail_if_not_exists: false });
    const embed = embedOf(body);
    for (const line of quotedLines(embed.description)) expect(article.text).toContain(line);
    expect(parseAnswerFooter(embed.footer?.text)?.question).toBe(GOOD_QUESTION);
    expect(interactionLogs(h.logs)).toEqual([expect.objectContaining({ command: 'dm', outcome: 'answered' })]);
  });

  test.each([
    ['a bot', directMessage(GOOD_QUESTION, { ...userOf(OTHER_USER_ID), bot: true })],
    ['storybot itself', directMessage(GOOD_QUESTION, BOT_USER)],
    ['a server channel (no MessageContent intent: not ours to read)', { ...rawMessage({ author: userOf(USER_ID), content: GOOD_QUESTION, guild_id: GUILD_ID }), channel_type: 0 }],
  ])('GIVEN a message from %s THEN it is ignored', async (_case, raw) => {
    const h = harness();
    await h.message(raw);
    expect(h.rest.requests).toEqual([]);
  });

  test('GIVEN a DM with no text THEN the member is told to send a question as text', async () => {
    const h = harness();
    await h.message(directMessage(''));
    expect(embedOf(h.rest.requests[0]?.body as Record<string, unknown>).description).toBe(escapeMarkdown(EMPTY_DM_MESSAGE));
  });

  test('GIVEN a 6,000-character DM THEN the story’s length message comes back', async () => {
    const h = harness();
    const long = 'why '.repeat(MAX_USER_MESSAGE / 4);
    await h.message(directMessage(long));
    expect(embedOf(h.rest.requests[0]?.body as Record<string, unknown>).description).toBe(escapeMarkdown(questionErrorFor(long)));
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'user_error' });
  });

  test('the ask module is the one that answers DMs', () => {
    expect(typeof ask.directMessage).toBe('function');
  });
});

describe('/quote', () => {
  test('GIVEN a speaker THEN their statements are quoted and attributed, or the story says it has none', async () => {
    const h = harness();
    await h.interact(slash('quote', [text('speaker', 'Stoltenberg')]));
    const embed = embedOf(onlyReply(h));
    const statements = story.quotes({ speaker: 'Stoltenberg' });
    if (statements.length === 0) {
      expect(embed.description).toBe('The story quotes no one called “Stoltenberg”.');
    } else {
      expect(embed.title).toBe('What Stoltenberg said');
      for (const field of embed.fields ?? []) {
        for (const line of quotedLines(field.value)) expect(article.text).toContain(line);
        expect(field.value).toMatch(/\nparagraph \d+ · .+$/);
      }
    }
  });

  test('GIVEN a speaker and a topic in a DM THEN the heading names both', async () => {
    const h = harness();
    await h.interact(slash('quote', [text('speaker', 'Putin'), text('topic', 'nuclear *weapons*')], { place: 'dm' }));
    const embed = embedOf(onlyReply(h));
    expect(embed.title).toBe('What Putin said about “nuclear \\*weapons\\*”');
  });

  test('GIVEN a blank speaker THEN the member is told to name one', async () => {
    const h = harness();
    await h.interact(slash('quote', [text('speaker', '\u200b ')]));
    expect(embedOf(onlyReply(h)).description).toBe(escapeMarkdown(BLANK_SPEAKER_MESSAGE));
  });

  test('GIVEN autocomplete THEN the speakers the story has come back, filtered', async () => {
    const h = harness();
    await h.interact(autocomplete('quote', [text('speaker', 'st', true)]));
    expect(callbacks(h.rest)[0]?.data?.choices).toEqual(fitChoices(matching(story.speakers(), 'st')));
  });
});

describe('/summary, /source, /help', () => {
  test('GIVEN /summary THEN the summary is private by default', async () => {
    const h = harness();
    await h.interact(slash('summary'));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).title).toBe(escapeMarkdown(article.title));
  });

  test('GIVEN /summary post:true in a DM THEN it is posted', async () => {
    const h = harness();
    await h.interact(slash('summary', [text('article', article.id), flag('post', true)], { place: 'dm' }));
    expect(isEphemeral(onlyReply(h))).toBe(false);
  });

  test('GIVEN /summary for an unknown article THEN the member is told to pick one', async () => {
    const h = harness();
    await h.interact(slash('summary', [text('article', 'nope')]));
    expect(embedOf(onlyReply(h)).description).toBe(escapeMarkdown(unknownArticleMessage('nope')));
  });

  test('GIVEN /source THEN each article is listed with its passage count, privately', async () => {
    const h = harness();
    await h.interact(slash('source', [], { place: 'group-dm' }));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).fields?.[0]).toMatchObject({ name: escapeMarkdown(article.title), value: expect.stringContaining(`${article.passages.length} passages`) });
  });

  test('GIVEN /help THEN it explains the commands, privately', async () => {
    const h = harness();
    await h.interact(slash('help'));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).fields?.map((field) => field.name)).toContain('/ask question');
  });
});

describe('Check against the story', () => {
  test('GIVEN a message about the story THEN the passages bearing on it come back privately, each attributed', async () => {
    const h = harness();
    await h.interact(messageMenu(CHECK_COMMAND_NAME, { content: 'NATO says Putin made a big miscalculation' }));
    const data = onlyReply(h);
    expect(isEphemeral(data)).toBe(true);
    const embed = embedOf(data);
    expect(embed.description).toMatch(/^Checked: “NATO says Putin made a big miscalculation”/);
    for (const field of embed.fields ?? []) for (const line of quotedLines(field.value)) expect(article.text).toContain(line);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ kind: 'message_menu', command: CHECK_COMMAND_NAME });
  });

  test.each(['guild', 'dm', 'group-dm'] as const)('GIVEN a claim the story does not cover (in a %s) THEN it says so', async (place) => {
    const h = harness();
    await h.interact(messageMenu(CHECK_COMMAND_NAME, { content: NONSENSE_QUESTION }, { place }));
    expect(embedOf(onlyReply(h)).description?.split('\n')[0]).toBe(MESSAGES.claimNotCovered);
  });

  test('GIVEN a message with no text THEN the member is told to pick one with words', async () => {
    const h = harness();
    await h.interact(messageMenu(CHECK_COMMAND_NAME, { content: '' }));
    expect(embedOf(onlyReply(h)).description).toBe(escapeMarkdown(NO_TEXT_MESSAGE));
  });

  test('GIVEN a 6,000-character message THEN its start is checked instead of refusing it', async () => {
    const h = harness();
    const long = `${GOOD_QUESTION} ${'and more words '.repeat(400)}`.slice(0, MAX_USER_MESSAGE);
    await h.interact(messageMenu(CHECK_COMMAND_NAME, { content: long }));
    expect(embedOf(onlyReply(h)).description).toMatch(/^(Checked: |The story does not say)/);
    expect(fitClaim(long).length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
  });

  test('GIVEN an embed-only message (another bot’s answer) THEN its embed text is checked', async () => {
    const h = harness();
    await h.interact(messageMenu(CHECK_COMMAND_NAME, { content: '', embeds: [{ description: 'Putin will use nuclear weapons' }] }));
    expect(embedOf(onlyReply(h)).description).toMatch(/Putin will use nuclear weapons/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

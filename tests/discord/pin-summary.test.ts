/**
 * `/pin-summary` through real discord.js objects: the member's and the bot's permissions come
 * from the interaction payload (`member.permissions`, `app_permissions`), Discord's answers to
 * posting and pinning are intercepted REST responses, including its error codes.
 */
import { ApplicationIntegrationType, InteractionContextType, InteractionResponseType, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import pinSummary, {
  BOT_CANNOT_PIN_MESSAGE,
  botMissingPermissionsMessage,
  GUILD_ONLY_MESSAGE,
  MEMBER_CANNOT_PIN_MESSAGE,
  MESSAGE_GONE_MESSAGE,
  pinFailureMessage,
  type PinStep,
} from '../../commands/pin-summary.ts';
import { escapeMarkdown, isPinnedSummaryFooter, PINNED_SUMMARY_MARKER } from '../../src/views.ts';
import {
  apiError,
  BOT_ALL_PERMISSIONS,
  BOT_USER,
  callbacks,
  CHANNEL_ID,
  createHarness,
  embedOf,
  GUILD_ID,
  type Harness,
  interactionLogs,
  MEMBER_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  rawMessage,
  slash,
  snowflake,
  story,
  userOf,
  USER_ID,
} from './harness.ts';

const article = story.articles[0];
if (!article) throw new Error('the seed corpus has no article');
const PINS = new RegExp(`^/channels/${CHANNEL_ID}/messages/pins$`);
const PIN_ONE = new RegExp(`^/channels/${CHANNEL_ID}/messages/pins/(\\d+)$`);
const POST = new RegExp(`^/channels/${CHANNEL_ID}/messages$`);
const ONE_MESSAGE = new RegExp(`^/channels/${CHANNEL_ID}/messages/\\d+$`);
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

const harnesses: Harness[] = [];
afterEach(() => {
  for (const { rest } of harnesses.splice(0)) {
    for (const { body } of rest.messageBodies()) expect(body.allowed_mentions).toMatchObject({ parse: [] });
  }
});

function harness(): Harness {
  const created = createHarness();
  harnesses.push(created);
  return created;
}

/** A pinned message as Discord lists it. */
function pin(fields: Parameters<typeof rawMessage>[0]) {
  return { pinned_at: new Date(Date.now() - 60_000).toISOString(), message: rawMessage({ guild_id: GUILD_ID, pinned: true, ...fields }) };
}

/** The earlier summary the bot pinned: its author and its footer marker. */
const earlierSummary = () => pin({ id: snowflake(), embeds: [{ title: 'Old', description: 'old summary', footer: { text: `Daily · ${PINNED_SUMMARY_MARKER}` } }] });

/** Makes Discord give the posted summary a known id; returns the link a member would follow. */
function postedAs(h: Harness, id = snowflake()): string {
  h.rest.on('POST', POST, (request) => ({ status: 200, body: rawMessage({ guild_id: GUILD_ID, ...(request.body as object), id }) }));
  return `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${id}`;
}

const MISSING_PERMISSIONS = apiError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
const MISSING_ACCESS = apiError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');

function asModerator(appPermissions = BOT_ALL_PERMISSIONS) {
  return slash('pin-summary', [], { memberPermissions: MODERATOR_PERMISSIONS, appPermissions });
}

/** The private reply's text, whether sent as a reply or as an edit of the deferred reply. */
function privateText(h: Harness): string | undefined {
  const edit = h.rest.find('PATCH', ORIGINAL).at(-1);
  if (edit) return embedOf(edit.body as Record<string, unknown>).description;
  const reply = callbacks(h.rest).find((callback) => callback.type === InteractionResponseType.ChannelMessageWithSource);
  expect(Number(reply?.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  return embedOf(reply?.data).description;
}

describe('/pin-summary registration', () => {
  test('is offered in servers only, to members who may pin', () => {
    expect(pinSummary.data).toMatchObject({
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      default_member_permissions: String(PermissionFlagsBits.PinMessages),
    });
  });
});

describe('/pin-summary', () => {
  test('GIVEN a moderator and no earlier summary THEN it acknowledges privately, posts the summary, pins it and confirms', async () => {
    const h = harness();
    await h.interact(asModerator());
    expect(callbacks(h.rest)).toEqual([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    const [post] = h.rest.find('POST', POST);
    const embed = embedOf(post?.body as Record<string, unknown>);
    expect(embed.title).toBe(escapeMarkdown(article.title));
    expect(isPinnedSummaryFooter(embed.footer?.text)).toBe(true);
    expect(h.rest.find('PUT', PIN_ONE)).toHaveLength(1);
    expect(h.rest.find('DELETE', PIN_ONE)).toEqual([]);
    expect(privateText(h)).toBe(escapeMarkdown(`Pinned the summary of “${story.summary().title}” in this channel.`));
    expect(interactionLogs(h.logs)).toEqual([expect.objectContaining({ command: 'pin-summary', outcome: 'answered' })]);
  });

  test('GIVEN an earlier pinned summary THEN the new one replaces it; other pins are left alone', async () => {
    const h = harness();
    const earlier = earlierSummary();
    const othersPin = pin({ author: userOf(USER_ID), embeds: [{ description: 'x', footer: { text: PINNED_SUMMARY_MARKER } }] });
    const botsOtherPin = pin({ author: BOT_USER, content: 'a bot message that is not a summary' });
    h.rest.on('GET', PINS, { status: 200, body: { items: [othersPin, earlier, botsOtherPin], has_more: false } });
    await h.interact(asModerator());
    const pinned = h.rest.find('PUT', PIN_ONE);
    const unpinned = h.rest.find('DELETE', PIN_ONE);
    expect(pinned).toHaveLength(1);
    expect(unpinned.map((request) => PIN_ONE.exec(request.path)?.[1])).toEqual([earlier.message.id]);
    // Pin the new one first, then unpin the old: a failure never leaves the channel without one.
    expect(h.rest.requests.indexOf(pinned[0] as never)).toBeLessThan(h.rest.requests.indexOf(unpinned[0] as never));
    expect(privateText(h)).toContain('It replaces the summary I pinned here before, which I unpinned.');
  });

  test('GIVEN many pins THEN the earlier summary is found on a later page', async () => {
    const h = harness();
    const earlier = earlierSummary();
    let page = 0;
    h.rest.on('GET', PINS, () => {
      page += 1;
      return page === 1
        ? { status: 200, body: { items: Array.from({ length: 50 }, () => pin({ author: userOf(USER_ID), content: 'pin' })), has_more: true } }
        : { status: 200, body: { items: [earlier], has_more: false } };
    });
    await h.interact(asModerator());
    const reads = h.rest.find('GET', PINS);
    expect(reads).toHaveLength(2);
    expect(reads[1]?.query).toMatch(/before=/);
    expect(h.rest.find('DELETE', PIN_ONE)).toHaveLength(1);
  });

  test('GIVEN a member without Pin Messages in this channel THEN they are told privately and nothing is posted', async () => {
    const h = harness();
    await h.interact(slash('pin-summary', [], { memberPermissions: MEMBER_PERMISSIONS }));
    expect(privateText(h)).toBe(escapeMarkdown(MEMBER_CANNOT_PIN_MESSAGE));
    expect(h.rest.find('POST', POST)).toEqual([]);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'refused' });
  });

  test('GIVEN the bot lacks Pin Messages THEN the moderator is told what to grant, before anything is posted', async () => {
    const h = harness();
    await h.interact(asModerator(BOT_ALL_PERMISSIONS & ~PermissionFlagsBits.PinMessages));
    expect(privateText(h)).toBe(escapeMarkdown(BOT_CANNOT_PIN_MESSAGE));
    expect(h.rest.find('POST', POST)).toEqual([]);
  });

  test('GIVEN the bot lacks Send Messages and Embed Links THEN both are named', async () => {
    const h = harness();
    await h.interact(asModerator(BOT_ALL_PERMISSIONS & ~PermissionFlagsBits.SendMessages & ~PermissionFlagsBits.EmbedLinks));
    expect(privateText(h)).toBe(escapeMarkdown(botMissingPermissionsMessage(['SendMessages', 'EmbedLinks'])));
    expect(privateText(h)).toContain('Send Messages, Embed Links');
  });

  test('GIVEN a full pin list and an earlier summary THEN its slot is freed and the pin retried', async () => {
    const h = harness();
    const earlier = earlierSummary();
    h.rest.on('GET', PINS, { status: 200, body: { items: [earlier], has_more: false } });
    let attempts = 0;
    h.rest.on('PUT', PIN_ONE, () => (++attempts === 1 ? apiError(400, RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, 'full') : { status: 204 }));
    await h.interact(asModerator());
    expect(attempts).toBe(2);
    expect(h.rest.find('DELETE', PIN_ONE)).toHaveLength(1);
    expect(privateText(h)).toContain('Pinned the summary');
  });

  test('GIVEN the earlier summary was deleted meanwhile (10008 on unpin) THEN pinning still succeeds', async () => {
    const h = harness();
    h.rest.on('GET', PINS, { status: 200, body: { items: [earlierSummary()], has_more: false } });
    h.rest.on('DELETE', PIN_ONE, apiError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'));
    await h.interact(asModerator());
    expect(privateText(h)).toContain('Pinned the summary');
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'answered' });
  });

  test('GIVEN a stale client sends it from a DM THEN it says pinning is for servers', async () => {
    const h = harness();
    await h.interact(slash('pin-summary', [], { place: 'dm' }));
    expect(privateText(h)).toBe(escapeMarkdown(GUILD_ONLY_MESSAGE));
  });
});

/**
 * Discord can refuse any of the four calls even though the interaction's app_permissions said
 * yes (an admin changed an overwrite meanwhile, or app_permissions does not reflect a thread).
 * Each step needs different permissions, so each refusal must say what that step needs.
 */
describe('/pin-summary when Discord refuses a step', () => {
  test('GIVEN posting is refused (50013) THEN the moderator is told I may not send messages here, not that I may not pin', async () => {
    const h = harness();
    h.rest.on('POST', POST, MISSING_PERMISSIONS);
    await h.interact(asModerator());
    expect(privateText(h)).toBe(
      escapeMarkdown(
        'I could not post the summary: I am not allowed to send messages in this channel, so nothing was posted or pinned. Ask an admin to give my role View Channel, Send Messages and Embed Links in this channel (channel settings → Permissions), then run /pin-summary again.',
      ),
    );
    // The bug this guards against: a refused post was blamed on the Pin Messages permission.
    expect(privateText(h)).not.toContain('Pin Messages');
    expect(privateText(h)).not.toBe(escapeMarkdown(BOT_CANNOT_PIN_MESSAGE));
    expect(h.rest.find('PUT', PIN_ONE)).toEqual([]);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'user_error' });
  });

  test('GIVEN posting is refused with Missing Access (50001) THEN it says I cannot see the channel and names View Channel first', async () => {
    const h = harness();
    h.rest.on('POST', POST, MISSING_ACCESS);
    await h.interact(asModerator());
    expect(privateText(h)).toBe(
      escapeMarkdown(
        'I could not post the summary: I cannot see this channel, so nothing was posted or pinned. Ask an admin to give my role View Channel, Send Messages and Embed Links in this channel (channel settings → Permissions), then run /pin-summary again.',
      ),
    );
  });

  test.each([
    ['Missing Permissions (50013)', MISSING_PERMISSIONS],
    ['Missing Access (50001)', MISSING_ACCESS],
  ])('GIVEN reading the pins is refused with %s THEN it names View Channel and Read Message History, and posts nothing', async (_case, refusal) => {
    const h = harness();
    h.rest.on('GET', PINS, refusal);
    await h.interact(asModerator());
    expect(privateText(h)).toBe(
      escapeMarkdown(
        "I could not read this channel's pinned messages (to find the summary I pinned before), so I posted nothing. Ask an admin to give my role View Channel and Read Message History in this channel (channel settings → Permissions), then run /pin-summary again.",
      ),
    );
    expect(h.rest.find('POST', POST)).toEqual([]);
  });

  test('GIVEN pinning is refused (50013) THEN the summary stays posted, unpinned, and the moderator gets its link and is told to grant Pin Messages', async () => {
    const h = harness();
    const link = postedAs(h);
    h.rest.on('PUT', PIN_ONE, MISSING_PERMISSIONS);
    await h.interact(asModerator());
    expect(privateText(h)).toBe(
      escapeMarkdown(
        `I posted the summary but could not pin it: I am not allowed to pin messages in this channel. Pin it yourself, and ask an admin to give my role the Pin Messages permission in this channel (channel settings → Permissions) for next time. The summary: ${link}`,
      ),
    );
    expect(h.rest.find('POST', POST)).toHaveLength(1);
    expect(h.rest.find('DELETE', ONE_MESSAGE), 'the posted summary is not deleted').toEqual([]);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'user_error' });
  });

  test('GIVEN a full pin list (30003) and no earlier summary THEN the summary stays posted and the moderator is told to make room', async () => {
    const h = harness();
    const link = postedAs(h);
    h.rest.on('PUT', PIN_ONE, apiError(400, RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, 'Maximum number of pins reached (250)'));
    await h.interact(asModerator());
    expect(privateText(h)).toBe(
      escapeMarkdown(`I posted the summary but could not pin it: this channel has reached Discord's limit on pinned messages. Unpin a message you no longer need, then pin it yourself. The summary: ${link}`),
    );
    expect(h.rest.find('DELETE', ONE_MESSAGE)).toEqual([]);
  });

  test('GIVEN the posted summary vanished before the pin (10008) THEN the moderator is told to run it again', async () => {
    const h = harness();
    h.rest.on('PUT', PIN_ONE, apiError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'));
    await h.interact(asModerator());
    expect(privateText(h)).toBe(escapeMarkdown(MESSAGE_GONE_MESSAGE));
  });

  test('GIVEN the pin list is full and unpinning the earlier summary to make room is refused THEN it says the unpin failed, with the link', async () => {
    const h = harness();
    const link = postedAs(h);
    h.rest.on('GET', PINS, { status: 200, body: { items: [earlierSummary()], has_more: false } });
    h.rest.on('PUT', PIN_ONE, apiError(400, RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, 'full'));
    h.rest.on('DELETE', PIN_ONE, MISSING_PERMISSIONS);
    await h.interact(asModerator());
    expect(privateText(h)).toBe(
      escapeMarkdown(
        `I posted the summary but could not pin it: the pin list is full and I am not allowed to unpin the summary I pinned before to make room. Unpin the old summary and pin the new one yourself, and ask an admin to give my role the Pin Messages permission in this channel (channel settings → Permissions) for next time. The summary: ${link}`,
      ),
    );
    expect(h.rest.find('PUT', PIN_ONE), 'no second pin attempt after the refused unpin').toHaveLength(1);
  });

  test('GIVEN the new summary is pinned but unpinning the earlier one is refused THEN the confirmation says both are pinned and links the old one', async () => {
    const h = harness();
    const earlier = earlierSummary();
    h.rest.on('GET', PINS, { status: 200, body: { items: [earlier], has_more: false } });
    h.rest.on('DELETE', PIN_ONE, MISSING_PERMISSIONS);
    await h.interact(asModerator());
    const oldLink = `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${earlier.message.id}`;
    expect(privateText(h)).toBe(
      escapeMarkdown(
        `Pinned the summary of “${story.summary().title}” in this channel. I could not unpin the summary I pinned here before: I am not allowed to unpin messages in this channel (Pin Messages permission), so both are pinned. Unpin the old one yourself: ${oldLink}`,
      ),
    );
    expect(privateText(h)).not.toContain('which I unpinned');
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'answered' });
  });

  test('GIVEN the pin fails on Discord\'s side (500) THEN the summary stays posted, the moderator gets its link, and the failure is logged', async () => {
    const h = harness();
    const link = postedAs(h);
    h.rest.on('PUT', PIN_ONE, { status: 500, body: { message: 'Internal Server Error', code: 0 } });
    await h.interact(asModerator());
    expect(privateText(h)).toBe(escapeMarkdown(`I posted the summary but could not pin it: Discord did not accept the pin. Pin it yourself, or run /pin-summary again in a moment. The summary: ${link}`));
    expect(h.rest.find('DELETE', ONE_MESSAGE)).toEqual([]);
    expect(h.logs.some((line) => line.msg === 'the summary was posted but could not be pinned' && line['step'] === 'pin')).toBe(true);
  });

  test('GIVEN posting fails on Discord\'s side (500) THEN the plain apology (nothing was posted, nothing to link)', async () => {
    const h = harness();
    h.rest.on('POST', POST, { status: 500, body: { message: 'Internal Server Error', code: 0 } });
    await h.interact(asModerator());
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'error' });
    expect(h.rest.find('PUT', PIN_ONE)).toEqual([]);
  });
});

describe('pinFailureMessage', () => {
  const refused = RESTJSONErrorCodes.MissingPermissions;
  const url = 'https://discord.com/channels/1/2/3';
  const messages = (['readPins', 'post', 'pin', 'unpin'] as const satisfies readonly PinStep[]).map((step) => [step, pinFailureMessage(step, { code: refused, postedUrl: url }) ?? ''] as const);

  test('GIVEN the same refusal (50013) at each step THEN four different messages', () => {
    expect(new Set(messages.map(([, message]) => message)).size).toBe(4);
  });

  test.each([
    // Each step's message names the permission that step needs, and no other step's.
    ['readPins', 'Read Message History', ['Send Messages', 'Pin Messages']],
    ['post', 'Send Messages', ['Pin Messages', 'Read Message History']],
    ['pin', 'Pin Messages', ['Send Messages', 'Read Message History']],
    ['unpin', 'not allowed to unpin', ['Send Messages', 'Read Message History']],
  ] as const)('GIVEN a refused %s THEN it names %s', (step, named, notNamed) => {
    const message = messages.find(([candidate]) => candidate === step)?.[1] ?? '';
    expect(message).toContain(named);
    for (const other of notNamed) expect(message).not.toContain(other);
  });

  test.each([
    // Once posted, the moderator must learn where the unpinned summary is.
    ['pin', true],
    ['unpin', true],
    // Before the post there is nothing to link to.
    ['readPins', false],
    ['post', false],
  ] as const)('GIVEN a refused %s THEN the link to the summary is given: %s', (step, linked) => {
    expect(pinFailureMessage(step, { code: refused, postedUrl: url })?.includes(url)).toBe(linked);
  });

  test('GIVEN a refused post in a thread THEN it names Send Messages in Threads', () => {
    expect(pinFailureMessage('post', { code: refused, inThread: true })).toContain('View Channel, Send Messages in Threads and Embed Links');
  });

  test.each([
    ['readPins', undefined],
    ['post', undefined],
    ['readPins', 0],
    ['post', RESTJSONErrorCodes.UnknownChannel],
  ] as const)('GIVEN %s fails with code %s before anything is posted THEN no message (the router apologises and logs it)', (step, code) => {
    expect(pinFailureMessage(step, { code })).toBeUndefined();
  });
});

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
  PINS_FULL_MESSAGE,
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

  test.each([
    ['Missing Permissions (50013)', apiError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'), BOT_CANNOT_PIN_MESSAGE],
    ['a full pin list (30003)', apiError(400, RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, 'Maximum number of pins reached (250)'), PINS_FULL_MESSAGE],
    ['an unknown message (10008)', apiError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'), MESSAGE_GONE_MESSAGE],
  ])('GIVEN Discord refuses the pin with %s THEN the moderator is told what to fix and the unpinned copy is removed', async (_case, refusal, message) => {
    const h = harness();
    h.rest.on('PUT', PIN_ONE, refusal);
    await h.interact(asModerator());
    expect(privateText(h)).toBe(escapeMarkdown(message));
    const posted = h.rest.find('POST', POST);
    expect(posted).toHaveLength(1);
    expect(h.rest.find('DELETE', new RegExp(`^/channels/${CHANNEL_ID}/messages/\\d+$`))).toHaveLength(1);
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'user_error' });
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

  test('GIVEN Discord refuses to post (50013) THEN the moderator is told to grant permissions', async () => {
    const h = harness();
    h.rest.on('POST', POST, apiError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'));
    await h.interact(asModerator());
    expect(privateText(h)).toBe(escapeMarkdown(BOT_CANNOT_PIN_MESSAGE));
    expect(h.rest.find('PUT', PIN_ONE)).toEqual([]);
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

/**
 * Moderators' pinned summaries through the real bot process and the fake Discord's channels and
 * pins (current routes `/channels/{c}/messages/pins[/{m}]`, 50 pins max, permissions computed
 * from roles and overwrites like Discord). What a moderator would notice: the summary is posted
 * and pinned, pinning again replaces the bot's earlier summary, and every refusal is a private
 * message saying which step failed and what to fix. A refusal before the post leaves nothing in
 * the channel; one after it leaves the summary posted (unpinned) and the moderator gets its link.
 */
import { OverwriteType, PermissionFlagsBits } from 'discord.js';
import type { APIMessage } from 'discord.js';
import { describe, expect, test, vi } from 'vitest';
import {
  BOT_CANNOT_PIN_MESSAGE,
  GUILD_ONLY_MESSAGE,
  MEMBER_CANNOT_PIN_MESSAGE,
  MESSAGE_GONE_MESSAGE,
  pinFailureMessage,
} from '../../commands/pin-summary.ts';
import { PINNED_SUMMARY_MARKER, unescapeMarkdown } from '../../src/views.ts';
import { ALL_PERMISSIONS, chatInputInteraction, DEFAULT_EVERYONE_PERMISSIONS, ErrorCode } from '../../testing/fake-discord/index.ts';
import type { InteractionBaseOptions } from '../../testing/fake-discord/index.ts';
import { corpusArticles, E2E_TEST_TIMEOUT_MS, embedOf, ephemeral, expectAnswered, expectCleanShutdown, useBotProcess } from './helpers.ts';

/** Fixed so channel overwrites can name the bot (a member overwrite on the bot user). */
const BOT_ID = '1100000000000000001';
/** Since 23 February 2026 only Pin Messages allows pinning: deny it, and Manage Messages stays allowed. */
const CANNOT_PIN = PermissionFlagsBits.PinMessages.toString();
/** The bot may see the channel and read it, but not send messages there. */
const CANNOT_SEND = PermissionFlagsBits.SendMessages.toString();
/** The bot may not even see the channel. */
const CANNOT_SEE = PermissionFlagsBits.ViewChannel.toString();
const CHANNELS = [
  'general', 'no-pin', 'pin-refused', 'no-send', 'hidden', 'unpin-refused', 'full', 'full-with-summary', 'replace', 'refused', 'gone', 'forbidden',
] as const;
/** Channels whose overwrites deny the bot something (Discord computes the 403s from them). */
const DENIED: Partial<Record<ChannelName, string>> = { 'no-pin': CANNOT_PIN, 'pin-refused': CANNOT_PIN, 'no-send': CANNOT_SEND, hidden: CANNOT_SEE };
type ChannelName = (typeof CHANNELS)[number];

vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
const ctx = useBotProcess({
  fake: {
    applicationId: BOT_ID,
    guilds: [
      {
        channels: CHANNELS.map((name) => {
          const deny = DENIED[name];
          return { name, ...(deny ? { permissionOverwrites: [{ id: BOT_ID, type: OverwriteType.Member, allow: '0', deny }] } : {}) };
        }),
      },
    ],
  },
});

function channel(name: ChannelName): string {
  const found = ctx.fake.guild.channels.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no channel #${name}`);
  return found.id;
}

/** A member allowed to pin (everyone's permissions plus Pin Messages). */
const MODERATOR: InteractionBaseOptions = { memberPermissions: BigInt(DEFAULT_EVERYONE_PERMISSIONS) | PermissionFlagsBits.PinMessages };

function pinSummary(channelName: ChannelName, who: InteractionBaseOptions = MODERATOR) {
  return ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { ...who, name: 'pin-summary', channelId: channel(channelName) }));
}

function isBotSummary(message: APIMessage): boolean {
  return message.author.id === BOT_ID && message.embeds.some((embed) => (embed.footer?.text ?? '').endsWith(PINNED_SUMMARY_MARKER));
}

/** The bot's pinned summaries in a channel. */
function pinnedSummaries(channelName: ChannelName): APIMessage[] {
  return ctx.fake.pins(channel(channelName)).filter(isBotSummary);
}

/** Bot summaries present in a channel, pinned or not (a failed pin must leave none behind). */
function summariesInChannel(channelName: ChannelName): APIMessage[] {
  return ctx.fake.messages(channel(channelName)).filter((message) => message.author.id === BOT_ID && message.embeds.some((e) => (e.footer?.text ?? '').endsWith(PINNED_SUMMARY_MARKER)));
}

/** The link a member follows to a message of a channel. */
function linkTo(channelName: ChannelName, message: APIMessage | undefined): string {
  return `https://discord.com/channels/${ctx.fake.guild.id}/${channel(channelName)}/${message?.id ?? 'missing'}`;
}

/** Claims every permission, as a stale app_permissions would after an admin changed an overwrite. */
const STALE: InteractionBaseOptions = { ...MODERATOR, appPermissions: ALL_PERMISSIONS };

/** The private reply text as the member reads it. */
function privateText(message: APIMessage): string {
  expect(ephemeral(message), 'the reply is private').toBe(true);
  return unescapeMarkdown(embedOf(message).description ?? '');
}

describe('/pin-summary', () => {
  test('GIVEN a moderator THEN the summary is posted in the channel and pinned, and the moderator is told privately', async () => {
    const { message, log } = await expectAnswered(ctx, pinSummary('general'));
    expect(privateText(message)).toContain('Pinned the summary');
    const pinned = pinnedSummaries('general');
    expect(pinned).toHaveLength(1);
    const [summary] = pinned;
    expect(summary?.pinned).toBe(true);
    expect(corpusArticles().map((article) => article.title)).toContain(embedOf(summary ?? message).title);
    expect(ephemeral(summary ?? message)).toBe(false);
    expect(log).toMatchObject({ command: 'pin-summary', outcome: 'answered' });
  });

  test('GIVEN a summary pinned before THEN pinning again replaces it: the old one unpinned, exactly one bot summary pinned, other pins untouched', async () => {
    // Pins that are not the bot's summary: a member's message and a bot message of another kind.
    const memberPin = ctx.fake.seedMessage(channel('replace'), { author: ctx.fake.defaultUser, content: 'House rules' });
    const botOther = ctx.fake.seedMessage(channel('replace'), { content: 'Not a summary' });
    await expectAnswered(ctx, pinSummary('replace'));
    const [first] = pinnedSummaries('replace');
    expect(first).toBeDefined();
    // Someone pins the two others meanwhile.
    for (const message of [memberPin, botOther]) await pinDirectly(channel('replace'), message.id);

    const again = await expectAnswered(ctx, pinSummary('replace'));
    expect(privateText(again.message)).toContain('Pinned the summary');
    const now = pinnedSummaries('replace');
    expect(now, 'exactly one bot summary pinned').toHaveLength(1);
    expect(now[0]?.id).not.toBe(first?.id);
    expect(ctx.fake.message(channel('replace'), first?.id ?? '')?.pinned).toBe(false);
    const stillPinned = ctx.fake.pins(channel('replace')).map((message) => message.id);
    expect(stillPinned).toContain(memberPin.id);
    expect(stillPinned).toContain(botOther.id);
    const unpins = ctx.fake.requests.filter((request) => request.route === 'DELETE /channels/:channel/messages/pins/:message' && request.path.endsWith(`/${first?.id ?? ''}`));
    expect(unpins).toHaveLength(1);

    // A third time: still one.
    await expectAnswered(ctx, pinSummary('replace'));
    expect(pinnedSummaries('replace')).toHaveLength(1);
  });

  test('GIVEN a member without Pin Messages THEN a private refusal, nothing posted, nothing pinned', async () => {
    const before = ctx.fake.requests.length;
    const { message, log } = await expectAnswered(ctx, pinSummary('refused', {}));
    expect(privateText(message)).toBe(MEMBER_CANNOT_PIN_MESSAGE);
    expect(summariesInChannel('refused')).toEqual([]);
    expect(ctx.fake.pins(channel('refused'))).toEqual([]);
    const channelCalls = ctx.fake.requests.slice(before).filter((request) => request.path.startsWith(`/channels/${channel('refused')}`));
    expect(channelCalls).toEqual([]);
    expect(log).toMatchObject({ outcome: 'refused' });
  });

  test('GIVEN the bot lacks Pin Messages in the channel THEN the moderator is told privately what to grant, and nothing is left behind', async () => {
    const { message } = await expectAnswered(ctx, pinSummary('no-pin'));
    expect(privateText(message)).toBe(BOT_CANNOT_PIN_MESSAGE);
    expect(summariesInChannel('no-pin')).toEqual([]);
    expect(ctx.fake.pins(channel('no-pin'))).toEqual([]);
  });

  test('GIVEN Discord refuses the pin with 50013 (permissions changed since the interaction) THEN the summary stays posted, unpinned, and the moderator gets its link', async () => {
    // app_permissions claims everything; the channel overwrite makes the fake answer 403 50013.
    const { message, log } = await expectAnswered(ctx, pinSummary('pin-refused', STALE));
    const refused = ctx.fake.requests.filter((request) => request.route === 'PUT /channels/:channel/messages/pins/:message' && request.path.includes(channel('pin-refused')));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((request) => request.status === 403 && (request.response as { code?: number }).code === ErrorCode.MissingPermissions)).toBe(true);
    const posted = summariesInChannel('pin-refused');
    expect(posted, 'the summary is kept in the channel').toHaveLength(1);
    expect(posted[0]?.pinned).toBe(false);
    expect(privateText(message)).toBe(
      `I posted the summary but could not pin it: I am not allowed to pin messages in this channel. Pin it yourself, and ask an admin to give my role the Pin Messages permission in this channel (channel settings → Permissions) for next time. The summary: ${linkTo('pin-refused', posted[0])}`,
    );
    expect(log).toMatchObject({ outcome: 'user_error' });
  });

  test('GIVEN Discord refuses to post (the bot may not send messages here) THEN the moderator is told to grant sending, not pinning, and nothing is posted', async () => {
    const { message, log } = await expectAnswered(ctx, pinSummary('no-send', STALE));
    const text = privateText(message);
    expect(text).toBe(
      'I could not post the summary: I am not allowed to send messages in this channel, so nothing was posted or pinned. Ask an admin to give my role View Channel, Send Messages and Embed Links in this channel (channel settings → Permissions), then run /pin-summary again.',
    );
    expect(text, 'a refused post is not blamed on pinning').not.toContain('Pin Messages');
    expect(text).not.toBe(BOT_CANNOT_PIN_MESSAGE);
    const posts = ctx.fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages' && request.path.includes(channel('no-send')));
    expect(posts.map((request) => (request.response as { code?: number }).code)).toEqual([ErrorCode.MissingPermissions]);
    expect(ctx.fake.requests.some((request) => request.route === 'PUT /channels/:channel/messages/pins/:message' && request.path.includes(channel('no-send')))).toBe(false);
    expect(summariesInChannel('no-send')).toEqual([]);
    expect(log).toMatchObject({ outcome: 'user_error' });
  });

  test('GIVEN the bot cannot see the channel (50001 on reading its pins) THEN it names View Channel and Read Message History, and posts nothing', async () => {
    const { message } = await expectAnswered(ctx, pinSummary('hidden', STALE));
    expect(privateText(message)).toBe(pinFailureMessage('readPins', { code: ErrorCode.MissingAccess }));
    expect(privateText(message)).toContain('View Channel and Read Message History');
    expect(ctx.fake.messages(channel('hidden'))).toEqual([]);
  });

  test('GIVEN unpinning the earlier summary is refused THEN the new one is pinned and the confirmation says the old one is still pinned, with its link', async () => {
    await expectAnswered(ctx, pinSummary('unpin-refused'));
    const [first] = pinnedSummaries('unpin-refused');
    const fault = ctx.fake.fault({ path: /^\/channels\/\d+\/messages\/pins\/\d+$/, method: 'DELETE', status: 403 });
    try {
      const { message, log } = await expectAnswered(ctx, pinSummary('unpin-refused'));
      const text = privateText(message);
      expect(text).toMatch(/^Pinned the summary of “.+” in this channel\. I could not unpin the summary I pinned here before: I am not allowed to unpin messages in this channel \(Pin Messages permission\), so both are pinned\. /);
      expect(text.endsWith(`Unpin the old one yourself: ${linkTo('unpin-refused', first)}`)).toBe(true);
      expect(pinnedSummaries('unpin-refused')).toHaveLength(2);
      expect(fault.hits).toBe(1);
      expect(log).toMatchObject({ outcome: 'answered' });
    } finally {
      fault.remove();
    }
  });

  test('GIVEN a full pin list (30003) THEN the summary stays posted, unpinned, and the moderator is told to make room, with its link', async () => {
    ctx.fake.seedPins(channel('full'), 50);
    const { message } = await expectAnswered(ctx, pinSummary('full'));
    const refused = ctx.fake.requests.filter((request) => request.route === 'PUT /channels/:channel/messages/pins/:message' && request.path.includes(channel('full')));
    expect(refused.map((request) => (request.response as { code?: number } | null)?.code)).toContain(ErrorCode.MaximumNumberOfPinsReachedForTheChannel);
    expect(ctx.fake.pins(channel('full'))).toHaveLength(50);
    const posted = summariesInChannel('full');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.pinned).toBe(false);
    expect(privateText(message)).toBe(
      `I posted the summary but could not pin it: this channel has reached Discord's limit on pinned messages. Unpin a message you no longer need, then pin it yourself. The summary: ${linkTo('full', posted[0])}`,
    );
  });

  test('GIVEN a full pin list that holds the bot\'s earlier summary THEN its slot is reused and exactly one summary stays pinned', async () => {
    ctx.fake.seedPins(channel('full-with-summary'), 49);
    await expectAnswered(ctx, pinSummary('full-with-summary'));
    expect(ctx.fake.pins(channel('full-with-summary'))).toHaveLength(50);
    const { message } = await expectAnswered(ctx, pinSummary('full-with-summary'));
    expect(privateText(message)).toContain('Pinned the summary');
    expect(ctx.fake.pins(channel('full-with-summary'))).toHaveLength(50);
    expect(pinnedSummaries('full-with-summary')).toHaveLength(1);
  });

  test('GIVEN the posted summary vanishes before the pin (10008) THEN the moderator is told to run it again', async () => {
    const fault = ctx.fake.fault({ path: /^\/channels\/\d+\/messages\/pins\/\d+$/, method: 'PUT', status: 404, code: ErrorCode.UnknownMessage });
    try {
      const { message } = await expectAnswered(ctx, pinSummary('gone'));
      expect(privateText(message)).toBe(MESSAGE_GONE_MESSAGE);
      expect(fault.hits).toBe(1);
      expect(pinnedSummaries('gone')).toEqual([]);
    } finally {
      fault.remove();
    }
  });

  test('GIVEN Discord answers 403 to posting THEN a private message naming sending, not pinning, and not a crash', async () => {
    const fault = ctx.fake.fault({ path: `/channels/${channel('forbidden')}/messages`, method: 'POST', status: 403 });
    try {
      const { message, log } = await expectAnswered(ctx, pinSummary('forbidden'));
      expect(privateText(message)).toBe(pinFailureMessage('post', { code: ErrorCode.MissingPermissions }));
      expect(privateText(message)).toContain('Send Messages');
      expect(privateText(message)).not.toContain('Pin Messages');
      expect(fault.hits).toBe(1);
      expect(log['outcome']).toBe('user_error');
      expect(ctx.fake.pins(channel('forbidden'))).toEqual([]);
    } finally {
      fault.remove();
    }
  });

  test.each([
    ['the DM with the bot', { where: 'botDm' } as const],
    ['a DM between members', { where: 'privateChannel' } as const],
  ])('GIVEN /pin-summary from %s (a stale client: the command is guild-only) THEN a private "servers only" message and nothing pinned', async (_label, place) => {
    const before = ctx.fake.requests.length;
    const { message } = await expectAnswered(ctx, ctx.fake.sendInteraction(chatInputInteraction(ctx.fake, { ...place, name: 'pin-summary', memberPermissions: ALL_PERMISSIONS })));
    expect(privateText(message)).toBe(GUILD_ONLY_MESSAGE);
    expect(ctx.fake.requests.slice(before).filter((request) => request.path.startsWith('/channels/'))).toEqual([]);
  });
});

describe('the bot process', () => {
  test('GIVEN SIGTERM THEN it exits 0, one log line per interaction, no payload that could ping', async () => {
    await expectCleanShutdown(ctx);
  });
});

/** Pins a message as a member would (outside the bot), through the fake's REST API. */
async function pinDirectly(channelId: string, messageId: string): Promise<void> {
  const response = await fetch(`${ctx.fake.apiUrl}/v10/channels/${channelId}/messages/pins/${messageId}`, {
    method: 'PUT',
    headers: { authorization: `Bot ${ctx.fake.token}` },
  });
  expect(response.status).toBe(204);
}

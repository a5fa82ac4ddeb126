/**
 * `/pin-summary [article]` (moderators, servers only): posts the article's summary in this
 * channel and pins it. Pinning again replaces the bot's earlier pinned summary here: it is found
 * among the channel's pins by the bot's own author id and the marker in its footer
 * (`PINNED_SUMMARY_MARKER`), and unpinned once the new one is pinned, so pins never pile up.
 *
 * A separate command rather than a `/summary` subcommand because Discord sets contexts and
 * default member permissions per command: this one is guild-only and needs Pin Messages.
 */
import {
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  type Message,
  PermissionFlagsBits,
  type PermissionsString,
  type SendableChannels,
  RESTJSONErrorCodes,
  SlashCommandBuilder,
} from 'discord.js';
import type { CommandContext } from '../src/discord/command.ts';
import { discordErrorCode, UserFacingError } from '../src/discord/errors.ts';
import { respond, respondWithChoices, respondWithError } from '../src/discord/respond.ts';
import { isPinnedSummaryFooter, noticeView, summaryView } from '../src/views.ts';
import type { Command } from './index.ts';
import { acknowledge, articleChoices, resolveArticle } from './shared.ts';

/** Pages of 50 pins read while looking for the earlier summary (Discord allows 250 pins). */
export const MAX_PIN_PAGES = 6;

/** Said outside a server (the command is not offered there, but a stale client may send it). */
export const GUILD_ONLY_MESSAGE = 'Pinning works in server channels only. In a DM, use /summary instead.';
/** Said to a member who may not pin in this channel. */
export const MEMBER_CANNOT_PIN_MESSAGE =
  'You need the Pin Messages permission in this channel to pin a summary. Ask a moderator, or use /summary post:True to post it without pinning.';
/** Said when the bot cannot pin (missing Pin Messages, from the check or from Discord's 50013). */
export const BOT_CANNOT_PIN_MESSAGE =
  'I am not allowed to pin messages in this channel. Ask an admin to give my role the Pin Messages permission here (channel settings → Permissions), then run /pin-summary again.';
/** Said when the channel's pin list is full (Discord's 30003). */
export const PINS_FULL_MESSAGE =
  "This channel has reached Discord's limit on pinned messages. Unpin a message you no longer need, then run /pin-summary again.";
/** Said when the message vanished before it could be pinned (Discord's 10008). */
export const MESSAGE_GONE_MESSAGE =
  'The summary message was deleted before I could pin it. Run /pin-summary again (and leave the new message in place).';
/** Said when the channel is not one the bot can post in (voice, forum, ...). */
export const UNSUPPORTED_CHANNEL_MESSAGE = 'I can only pin summaries in text channels and threads. Run /pin-summary in one of those.';

/** What the bot needs in the channel, besides pinning: see it, post embeds, read the pins. */
const BOT_POSTING_PERMISSIONS = ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory'] as const satisfies readonly PermissionsString[];
const BOT_THREAD_POSTING_PERMISSIONS = ['ViewChannel', 'SendMessagesInThreads', 'EmbedLinks', 'ReadMessageHistory'] as const satisfies readonly PermissionsString[];

const PERMISSION_NAMES: Record<string, string> = {
  ViewChannel: 'View Channel',
  SendMessages: 'Send Messages',
  SendMessagesInThreads: 'Send Messages in Threads',
  EmbedLinks: 'Embed Links',
  ReadMessageHistory: 'Read Message History',
  PinMessages: 'Pin Messages',
};

/** The private message for the bot lacking `missing` (other than Pin Messages) in the channel. */
export function botMissingPermissionsMessage(missing: readonly string[]): string {
  const names = missing.map((name) => PERMISSION_NAMES[name] ?? name).join(', ');
  return `To post and pin the summary here I need these permissions in this channel: ${names}. Ask an admin to grant them to my role (channel settings → Permissions), then run /pin-summary again.`;
}

/** Turns a Discord error from posting or pinning into what the moderator should do. */
function pinFailure(error: unknown): unknown {
  switch (discordErrorCode(error)) {
    case RESTJSONErrorCodes.MissingPermissions:
    case RESTJSONErrorCodes.MissingAccess:
      return new UserFacingError(BOT_CANNOT_PIN_MESSAGE);
    case RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel:
      return new UserFacingError(PINS_FULL_MESSAGE);
    case RESTJSONErrorCodes.UnknownMessage:
      return new UserFacingError(MESSAGE_GONE_MESSAGE);
    default:
      return error;
  }
}

/** The channel's pins that are summaries this bot pinned before. */
async function findPinnedSummaries(channel: SendableChannels, botId: string): Promise<Message[]> {
  const found: Message[] = [];
  let before: number | undefined;
  for (let page = 0; page < MAX_PIN_PAGES; page++) {
    const { items, hasMore } = await channel.messages.fetchPins({ limit: 50, ...(before === undefined ? {} : { before }) });
    for (const { message } of items) {
      if (message.author.id === botId && message.embeds.some((embed) => isPinnedSummaryFooter(embed.footer?.text))) found.push(message);
    }
    const last = items.at(-1);
    if (!hasMore || !last) break;
    before = last.pinnedTimestamp;
  }
  return found;
}

/** Pins `posted`; if the pin list is full and an earlier summary is pinned, frees its slot first. */
async function pinReplacing(posted: Message, earlier: Message[]): Promise<void> {
  try {
    await posted.pin();
  } catch (error) {
    const first = earlier[0];
    if (discordErrorCode(error) !== RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel || !first) throw error;
    await unpinQuietly(first);
    earlier.shift();
    await posted.pin();
  }
}

/** Unpins an earlier summary; one deleted meanwhile (10008) is already gone, which is fine. */
async function unpinQuietly(message: Message): Promise<void> {
  try {
    await message.unpin();
  } catch (error) {
    if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMessage) throw error;
  }
}

export default {
  data: new SlashCommandBuilder()
    .setName('pin-summary')
    .setDescription("Moderators: post the article's summary here and pin it (replaces the earlier one)")
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setDefaultMemberPermissions(PermissionFlagsBits.PinMessages)
    .addStringOption((option) => option.setName('article').setDescription('Which article (default: the first)').setAutocomplete(true))
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    if (!interaction.inGuild()) throw new UserFacingError(GUILD_ONLY_MESSAGE);
    // default_member_permissions only hides the command; server admins can override it, and the
    // member's permissions in this very channel (overwrites included) are what count.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.PinMessages)) {
      await respondWithError(interaction, MEMBER_CANNOT_PIN_MESSAGE);
      return 'refused';
    }
    const cached = interaction.channel;
    const needed = cached?.isThread() ? BOT_THREAD_POSTING_PERMISSIONS : BOT_POSTING_PERMISSIONS;
    const missing = interaction.appPermissions.missing([...needed]);
    if (missing.length > 0) {
      await respondWithError(interaction, botMissingPermissionsMessage(missing));
      return 'refused';
    }
    if (!interaction.appPermissions.has(PermissionFlagsBits.PinMessages)) {
      await respondWithError(interaction, BOT_CANNOT_PIN_MESSAGE);
      return 'refused';
    }
    const article = resolveArticle(interaction.options.getString('article'), context);

    // The engine and several REST calls follow: acknowledge now, privately; edit the reply at the end.
    await acknowledge(interaction, { ephemeral: true });
    const summary = context.story.summary(article);
    const channel = cached ?? (await interaction.client.channels.fetch(interaction.channelId));
    if (!channel?.isSendable()) {
      throw new UserFacingError(UNSUPPORTED_CHANNEL_MESSAGE);
    }
    const botId = interaction.client.user?.id ?? interaction.applicationId;
    const earlier = await findPinnedSummaries(channel, botId).catch((error: unknown) => {
      throw pinFailure(error);
    });
    const posted = await respond(channel, summaryView(summary, { sources: context.sources, pinned: true })).catch((error: unknown) => {
      throw pinFailure(error);
    });
    if (!posted) throw new Error('posting the summary returned no message');
    try {
      await pinReplacing(posted, earlier);
    } catch (error) {
      // Leave no unpinned copy behind: the moderator will run the command again.
      await posted.delete().catch(() => undefined);
      throw pinFailure(error);
    }
    for (const old of earlier) await unpinQuietly(old).catch((error: unknown) => context.logger.warn({ err: error, message: old.id }, 'could not unpin the earlier summary'));
    const replaced = earlier.length > 0 ? ' It replaces the summary I pinned here before, which I unpinned.' : '';
    await respond(interaction, noticeView(`Pinned the summary of “${summary.title}” in this channel.${replaced}`));
    return 'answered';
  },

  async autocomplete(interaction, context) {
    return respondWithChoices(interaction, articleChoices(interaction.options.getFocused(), context));
  },
} satisfies Command;

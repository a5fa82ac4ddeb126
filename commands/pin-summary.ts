/**
 * `/pin-summary [article]` (moderators, servers only): posts the article's summary in this
 * channel and pins it. Pinning again replaces the bot's earlier pinned summary here: it is found
 * among the channel's pins by the bot's own author id and the marker in its footer
 * (`PINNED_SUMMARY_MARKER`), and unpinned once the new one is pinned, so pins never pile up.
 *
 * Reading the pins, posting, pinning and unpinning each need their own permissions, so when
 * Discord refuses one the moderator is told which step failed and what to grant. A summary that
 * was posted but could not be pinned stays in the channel and the moderator gets its link.
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
import type { Command, CommandContext } from '../src/discord/command.ts';
import { discordErrorCode, UserFacingError } from '../src/discord/errors.ts';
import { MAX_EMBED_DESCRIPTION } from '../src/discord/limits.ts';
import { respond, respondWithChoices, respondWithError } from '../src/discord/respond.ts';
import { summaryReply } from '../src/replies.ts';
import { isPinnedSummaryFooter, noticeView } from '../src/views.ts';
import { acknowledge, articleChoices, resolveArticle } from './shared.ts';

/** Pages of 50 pins read while looking for the earlier summary (Discord allows 250 pins). */
export const MAX_PIN_PAGES = 6;

/** Said outside a server (the command is not offered there, but a stale client may send it). */
export const GUILD_ONLY_MESSAGE = 'Pinning works in server channels only. In a DM, use /summary instead.';
/** Said to a member who may not pin in this channel. */
export const MEMBER_CANNOT_PIN_MESSAGE =
  'You need the Pin Messages permission in this channel to pin a summary. Ask a moderator, or use /summary post:True to post it without pinning.';
/** Said before anything is posted when the interaction shows the bot lacks Pin Messages here. */
export const BOT_CANNOT_PIN_MESSAGE =
  'I am not allowed to pin messages in this channel. Ask an admin to give my role the Pin Messages permission here (channel settings → Permissions), then run /pin-summary again.';
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

/** "A, B and C" in the words Discord's permission settings use. */
function permissionList(permissions: readonly string[]): string {
  const names = permissions.map((name) => PERMISSION_NAMES[name] ?? name);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** The private message for the bot lacking `missing` (other than Pin Messages) in the channel. */
export function botMissingPermissionsMessage(missing: readonly string[]): string {
  const names = missing.map((name) => PERMISSION_NAMES[name] ?? name).join(', ');
  return `To post and pin the summary here I need these permissions in this channel: ${names}. Ask an admin to grant them to my role (channel settings → Permissions), then run /pin-summary again.`;
}

/**
 * The calls /pin-summary makes to Discord, in order. Each needs its own permissions, so a refusal
 * (50013 Missing Permissions, 50001 Missing Access) means something different at each step.
 * Pinning and unpinning need Pin Messages (split from Manage Messages in August 2025; since
 * 23 February 2026 Manage Messages alone no longer allows pinning).
 */
export type PinStep = 'readPins' | 'post' | 'pin' | 'unpin';

/** What a failure message needs to know besides the step. */
export interface PinFailureDetails {
  /** Discord's JSON error code, when Discord answered with one. */
  code: number | undefined;
  /** True in a thread, where posting needs Send Messages in Threads instead of Send Messages. */
  inThread?: boolean;
  /** Link to the summary once it is posted (pinning or unpinning failed after the post). */
  postedUrl?: string;
}

/** Where an admin grants a channel permission, said in every "ask an admin" message. */
const WHERE_TO_GRANT = 'in this channel (channel settings → Permissions)';

function isRefusal(code: number | undefined): boolean {
  return code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess;
}

/** "I posted the summary but could not pin it: <why>. <what to do>" and the link to the summary. */
function postedNotPinned(why: string, fix: string, url: string | undefined): string {
  const where = url ? `The summary: ${url}` : 'It is my latest message in this channel.';
  return `I posted the summary but could not pin it: ${why}. ${fix} ${where}`;
}

/** The moderator can pin by hand at once; the bot needs the permission before the next run. */
const GRANT_PIN_FOR_NEXT_TIME = `ask an admin to give my role the Pin Messages permission ${WHERE_TO_GRANT} for next time.`;

/**
 * What to tell the moderator when `step` failed, or undefined when the failure is not theirs to
 * fix and nothing was posted yet (the router then apologises and logs it). Once the summary is
 * posted every failure gets a message: the moderator must learn that it is there, unpinned.
 */
export function pinFailureMessage(step: PinStep, details: PinFailureDetails): string | undefined {
  const { code, postedUrl } = details;
  const refused = isRefusal(code);
  switch (step) {
    case 'readPins':
      if (!refused) return undefined;
      return `I could not read this channel's pinned messages (to find the summary I pinned before), so I posted nothing. Ask an admin to give my role View Channel and Read Message History ${WHERE_TO_GRANT}, then run /pin-summary again.`;
    case 'post': {
      if (!refused) return undefined;
      const needed = permissionList(['ViewChannel', details.inThread ? 'SendMessagesInThreads' : 'SendMessages', 'EmbedLinks']);
      const why = code === RESTJSONErrorCodes.MissingAccess ? 'I cannot see this channel' : 'I am not allowed to send messages in this channel';
      return `I could not post the summary: ${why}, so nothing was posted or pinned. Ask an admin to give my role ${needed} ${WHERE_TO_GRANT}, then run /pin-summary again.`;
    }
    case 'pin':
      if (code === RESTJSONErrorCodes.UnknownMessage) return MESSAGE_GONE_MESSAGE;
      if (refused) return postedNotPinned('I am not allowed to pin messages in this channel', `Pin it yourself, and ${GRANT_PIN_FOR_NEXT_TIME}`, postedUrl);
      if (code === RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel) {
        return postedNotPinned("this channel has reached Discord's limit on pinned messages", 'Unpin a message you no longer need, then pin it yourself.', postedUrl);
      }
      return postedNotPinned('Discord did not accept the pin', 'Pin it yourself, or run /pin-summary again in a moment.', postedUrl);
    case 'unpin':
      // Only reached while freeing a slot of a full pin list: the new summary is posted, not pinned.
      if (refused) {
        return postedNotPinned(
          'the pin list is full and I am not allowed to unpin the summary I pinned before to make room',
          `Unpin the old summary and pin the new one yourself, and ${GRANT_PIN_FOR_NEXT_TIME}`,
          postedUrl,
        );
      }
      return postedNotPinned(
        'the pin list is full and Discord did not let me unpin the summary I pinned before to make room',
        'Unpin the old summary and pin the new one yourself.',
        postedUrl,
      );
  }
}

/** The confirmation's last sentence when earlier summaries stayed pinned (unpinning them failed). */
export function earlierStillPinnedNote(code: number | undefined, urls: readonly string[]): string {
  const why = isRefusal(code) ? ': I am not allowed to unpin messages in this channel (Pin Messages permission)' : '';
  return ` I could not unpin the summary I pinned here before${why}, so both are pinned. Unpin the old one yourself: ${urls.join(' ')}`;
}

/** A Discord call of this command that failed, with the step it was. */
class PinStepError extends Error {
  override name = 'PinStepError';
  constructor(
    readonly step: PinStep,
    override readonly cause: unknown,
  ) {
    super(`/pin-summary: ${step} failed`, { cause });
  }
}

/** Runs one step's Discord call, tagging a failure with the step. */
async function during<T>(step: PinStep, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new PinStepError(step, error);
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

/**
 * Pins `posted`; if the pin list is full and an earlier summary is pinned, frees its slot first.
 * Throws a PinStepError saying whether pinning or unpinning failed.
 */
async function pinReplacing(posted: Message, earlier: Message[]): Promise<void> {
  try {
    await posted.pin();
  } catch (error) {
    const first = earlier[0];
    if (discordErrorCode(error) !== RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel || !first) throw new PinStepError('pin', error);
    await during('unpin', () => unpinQuietly(first));
    earlier.shift();
    await during('pin', () => posted.pin());
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

/**
 * Turns a failed step into what the moderator should read (a UserFacingError), or the original
 * error when it is ours to log and apologise for. A failure after the post that is not a known
 * Discord answer is logged here, since the moderator gets a message instead of the apology.
 */
function failureFor(error: unknown, details: Omit<PinFailureDetails, 'code'>, logger: CommandContext['logger']): unknown {
  if (!(error instanceof PinStepError)) return error;
  const code = discordErrorCode(error.cause);
  const message = pinFailureMessage(error.step, { ...details, code });
  if (message === undefined) return error.cause;
  const known = isRefusal(code) || code === RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel || code === RESTJSONErrorCodes.UnknownMessage;
  if (!known) logger.error({ err: error.cause, step: error.step }, 'the summary was posted but could not be pinned');
  return new UserFacingError(message);
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
    const { summary, view } = summaryReply(context, { article, pinned: true, budget: MAX_EMBED_DESCRIPTION });
    const channel = cached ?? (await interaction.client.channels.fetch(interaction.channelId));
    if (!channel?.isSendable()) {
      throw new UserFacingError(UNSUPPORTED_CHANNEL_MESSAGE);
    }
    const botId = interaction.client.user?.id ?? interaction.applicationId;
    const inThread = channel.isThread();
    const fail = (error: unknown, postedUrl?: string) => failureFor(error, { inThread, postedUrl }, context.logger);

    const earlier = await during('readPins', () => findPinnedSummaries(channel, botId)).catch((error: unknown) => {
      throw fail(error);
    });
    const posted = await during('post', () => respond(channel, view)).catch((error: unknown) => {
      throw fail(error);
    });
    if (!posted) throw new Error('posting the summary returned no message');
    // From here on the summary is in the channel: every failure says so and links to it, and
    // nothing is deleted (the moderator may pin it by hand; the next run finds it by its footer).
    await pinReplacing(posted, earlier).catch((error: unknown) => {
      throw fail(error, posted.url);
    });

    const stillPinned: Message[] = [];
    let unpinCode: number | undefined;
    for (const old of earlier) {
      await unpinQuietly(old).catch((error: unknown) => {
        context.logger.warn({ err: error, message: old.id }, 'could not unpin the earlier summary');
        stillPinned.push(old);
        unpinCode ??= discordErrorCode(error);
      });
    }
    const replaced =
      stillPinned.length > 0
        ? earlierStillPinnedNote(unpinCode, stillPinned.map((old) => old.url))
        : earlier.length > 0
          ? ' It replaces the summary I pinned here before, which I unpinned.'
          : '';
    await respond(interaction, noticeView(`Pinned the summary of “${summary.title}” in this channel.${replaced}`));
    return 'answered';
  },

  async autocomplete(interaction, context) {
    return respondWithChoices(interaction, articleChoices(interaction.options.getFocused(), context));
  },
} satisfies Command;

/**
 * What several commands share: where they may be used, the article option, the cooldown gate.
 * Not a command itself (commands/index.ts lists the commands).
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  Message,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/command.ts';
import { unknownArticleMessage, UserFacingError } from '../src/discord/errors.ts';
import { respondWithError, type ChoiceInput } from '../src/discord/respond.ts';
import { normaliseQuestion } from '../src/story.ts';
import { cooldownMessage } from '../src/views.ts';

/** Servers, the DM with the bot, and group DMs / DMs between members (user installs). */
export const EVERYWHERE_CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel] as const;
/** Installed to a server, or to a member's account (usable anywhere they are). */
export const ANY_INSTALL = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall] as const;
/** Longest speaker name or topic accepted from a member. */
export const MAX_NAME_OPTION = 100;
/** Longest topic accepted from a member. */
export const MAX_TOPIC_OPTION = 200;

/**
 * The article id a member chose: the option's value is an id when picked from autocomplete, but
 * a member may also type a title. Undefined when the option was left out.
 */
export function resolveArticle(value: string | null | undefined, context: Pick<CommandContext, 'sources'>): string | undefined {
  const wanted = normaliseQuestion(value ?? '');
  if (wanted === '') return undefined;
  const lower = wanted.toLowerCase();
  const match =
    context.sources.find((source) => source.id === wanted) ??
    context.sources.find((source) => source.title.toLowerCase() === lower || source.id === lower);
  if (!match) throw new UserFacingError(unknownArticleMessage(wanted));
  return match.id;
}

/**
 * A channel's defaults set with /settings (none outside servers). An article since removed from
 * the corpus is ignored rather than refused: the member did not choose it.
 */
export function channelDefaults(interaction: RepliableInteraction, context: Pick<CommandContext, 'sources' | 'feedback'>): { article?: string; privateAnswers: boolean } {
  if (!interaction.inGuild()) return { privateAnswers: false };
  const settings = context.feedback.channelSettings(interaction.channelId);
  const article = settings.article !== undefined && context.sources.some((source) => source.id === settings.article) ? settings.article : undefined;
  return { ...(article ? { article } : {}), privateAnswers: settings.privateAnswers };
}

/** Autocomplete for an article option: titles containing what was typed; the value is the id. */
export function articleChoices(partial: string, context: Pick<CommandContext, 'sources'>): ChoiceInput[] {
  const typed = normaliseQuestion(partial).toLowerCase();
  return context.sources
    .filter((source) => typed === '' || source.title.toLowerCase().includes(typed) || source.id.includes(typed))
    .map((source) => ({ name: source.title, value: source.id }));
}

/** Names (speakers, topics) that contain what was typed, case-insensitively. */
export function matching(names: readonly string[], partial: string): string[] {
  const typed = normaliseQuestion(partial).toLowerCase();
  const starts = names.filter((name) => name.toLowerCase().startsWith(typed));
  const contains = names.filter((name) => !name.toLowerCase().startsWith(typed) && name.toLowerCase().includes(typed));
  return [...starts, ...contains];
}

/**
 * Counts one question against the member's cooldown. When they are over it, answers privately
 * with "try again in N s" (`cooldown`). An interaction must be answered every time; a DM
 * needs no answer, so a flood of DMs gets one notice per window and the rest are dropped quietly
 * (`dropped`; each notice would be a REST call against the bot's global rate limit).
 */
export async function passCooldown(target: RepliableInteraction | Message, userId: string, context: CommandContext): Promise<'pass' | 'cooldown' | 'dropped'> {
  const verdict = await context.cooldowns.take(userId);
  if (verdict.allowed) return 'pass';
  if (target instanceof Message && !verdict.firstRefusal) return 'dropped';
  await respondWithError(target, cooldownMessage(verdict.retryAfterMs / 1_000));
  return 'cooldown';
}

/**
 * Acknowledges an interaction before the story engine runs. The engine is synchronous and its
 * speed is not this layer's to promise, so the 3-second deadline is met first; the answer then
 * edits the deferred reply (respond() picks editReply by itself).
 */
export async function acknowledge(interaction: RepliableInteraction, options: { ephemeral: boolean }): Promise<void> {
  await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
}

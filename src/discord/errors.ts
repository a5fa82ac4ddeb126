/**
 * Errors at the dispatch point: which are the member's to fix (shown as they are), which mean
 * the interaction is already gone (logged only), and which are ours (logged with the stack,
 * answered with a plain apology).
 */
import { DiscordAPIError, DiscordjsErrorCodes, RESTJSONErrorCodes } from 'discord.js';
import { QuestionError, UnknownArticleError } from '../story.ts';
import { defuseLinks } from '../views.ts';

/** A problem the member can fix; the message says what to do and is shown to them privately. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/**
 * An interaction storybot cannot read (a field missing or of the wrong type, a component it did
 * not make): answered privately with `message`, logged at warn with `reason`, never thrown past
 * the router.
 */
export class UnusableInteractionError extends UserFacingError {
  override name = 'UnusableInteractionError';
  /** For the log line: `malformed` (fields missing) or `stale` (not one of ours, or too old). */
  readonly outcome: 'malformed' | 'stale';
  /** What was wrong with it, for the log. */
  readonly reason: string;

  constructor(message: string, outcome: 'malformed' | 'stale', reason: string) {
    super(message);
    this.outcome = outcome;
    this.reason = reason;
  }
}

/** Said when something fails on our side; the details go to the log, not to the member. */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on my side while answering that. Please try again in a moment.';
/** Said when the bot lacks a permission in the channel (Discord code 50013 or 50001). */
export const BOT_MISSING_PERMISSION_MESSAGE =
  'I am missing a permission in this channel. Ask a moderator to let me View Channel, Send Messages and Embed Links here, then try again.';

/**
 * Said when a command arrives with options it does not have (missing, of another type, nothing
 * focused): the member's app still shows an older version of the command.
 */
export const OPTIONS_CHANGED_MESSAGE =
  'That command has changed since your Discord app loaded it. Type it again, pick the options from the list that appears, and I will answer.';

/** Discord codes meaning the interaction can no longer be answered (expired or answered twice). */
export const GONE_INTERACTION_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  // The interaction token's 15 minutes are over: every further webhook call would fail the same way.
  RESTJSONErrorCodes.InvalidWebhookToken,
]);

/**
 * discord.js's errors for options an interaction does not carry as the command declares them:
 * the member's app has an older version of the command (a redeploy changed its options).
 */
const OPTION_MISMATCH_CODES: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.AutocompleteInteractionOptionNoFocusedOption,
]);

/** The message for an article value that matches no article (typed instead of picked). */
export function unknownArticleMessage(value: string): string {
  return `There is no article "${defuseLinks(value)}". Pick one from the list that appears as you type, or see /source.`;
}

/** What the router does with an error. */
export interface ErrorVerdict {
  /** For the log line. */
  outcome: 'user_error' | 'malformed' | 'stale' | 'expired' | 'error';
  /** What to tell the member, or undefined when the interaction cannot be answered. */
  message?: string;
  /** The log line's level: a member's mistake is not the bot's error. */
  level: 'info' | 'warn' | 'error';
  /** Why, for the log (what was missing or mismatched). */
  reason?: string;
}

/** The Discord JSON error code of an error, if it is a Discord API error. */
export function discordErrorCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}

/** Sorts an error thrown by a handler into what to log and what to tell the member. */
export function classifyError(error: unknown): ErrorVerdict {
  if (error instanceof UnusableInteractionError) return { outcome: error.outcome, message: error.message, level: 'warn', reason: error.reason };
  if (error instanceof UserFacingError || error instanceof QuestionError) return { outcome: 'user_error', message: error.message, level: 'info' };
  if (error instanceof UnknownArticleError) return { outcome: 'user_error', message: unknownArticleMessage(error.id), level: 'info' };
  const discordjsCode = (error as { code?: unknown } | null)?.code;
  if (typeof discordjsCode === 'string' && OPTION_MISMATCH_CODES.has(discordjsCode)) {
    return { outcome: 'user_error', message: OPTIONS_CHANGED_MESSAGE, level: 'warn', reason: (error as Error).message };
  }
  const code = discordErrorCode(error);
  if (code !== undefined && GONE_INTERACTION_CODES.has(code)) return { outcome: 'expired', level: 'warn' };
  if (code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess) {
    return { outcome: 'user_error', message: BOT_MISSING_PERMISSION_MESSAGE, level: 'info' };
  }
  return { outcome: 'error', message: INTERNAL_ERROR_MESSAGE, level: 'error' };
}

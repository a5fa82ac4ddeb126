/**
 * Errors at the dispatch point: which are the member's to fix (shown as they are), which mean
 * the interaction is already gone (logged only), and which are ours (logged with the stack,
 * answered with a plain apology).
 */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { QuestionError, UnknownArticleError } from '../story.ts';

/** A problem the member can fix; the message says what to do and is shown to them privately. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** Said when something fails on our side; the details go to the log, not to the member. */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on my side while answering that. Please try again in a moment.';
/** Said when the bot lacks a permission in the channel (Discord code 50013 or 50001). */
export const BOT_MISSING_PERMISSION_MESSAGE =
  'I am missing a permission in this channel. Ask a moderator to let me View Channel, Send Messages and Embed Links here, then try again.';

/** Discord codes meaning the interaction can no longer be answered (expired or answered twice). */
export const GONE_INTERACTION_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
]);

/** The message for an article value that matches no article (typed instead of picked). */
export function unknownArticleMessage(value: string): string {
  return `There is no article "${value}". Pick one from the list that appears as you type, or see /source.`;
}

/** What the router does with an error. */
export interface ErrorVerdict {
  /** For the log line. */
  outcome: 'user_error' | 'expired' | 'error';
  /** What to tell the member, or undefined when the interaction cannot be answered. */
  message?: string;
}

/** The Discord JSON error code of an error, if it is a Discord API error. */
export function discordErrorCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}

/** Sorts an error thrown by a handler into what to log and what to tell the member. */
export function classifyError(error: unknown): ErrorVerdict {
  if (error instanceof UserFacingError || error instanceof QuestionError) return { outcome: 'user_error', message: error.message };
  if (error instanceof UnknownArticleError) return { outcome: 'user_error', message: unknownArticleMessage(error.id) };
  const code = discordErrorCode(error);
  if (code !== undefined && GONE_INTERACTION_CODES.has(code)) return { outcome: 'expired' };
  if (code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess) {
    return { outcome: 'user_error', message: BOT_MISSING_PERMISSION_MESSAGE };
  }
  return { outcome: 'error', message: INTERNAL_ERROR_MESSAGE };
}

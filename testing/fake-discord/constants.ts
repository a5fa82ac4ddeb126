/**
 * Named constants of the fake Discord server: API version, limits, error codes and messages, and
 * the defaults used when a test does not configure something.
 *
 * Error codes come from `discord-api-types` (re-exported by discord.js) so they cannot drift from
 * what discord.js itself understands.
 */
import { GatewayCloseCodes, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';

/** Discord epoch (2015-01-01T00:00:00.000Z) in milliseconds; snowflakes count from it. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The only REST/gateway API version the fake speaks (the one discord.js 14 uses). */
export const API_VERSION = 10;

/** Path prefix under which discord.js sends REST calls when `rest.api` is `${origin}/api`. */
export const API_PATH_PREFIX = '/api';

/** Path of the gateway returned by `GET /gateway/bot`. */
export const GATEWAY_PATH = '/gateway';

/** Path announced as `resume_gateway_url` in READY, so tests can tell resumes from identifies. */
export const RESUME_GATEWAY_PATH = '/gateway/resume';

/** Default bot token when a test does not pass one. */
export const DEFAULT_TOKEN = 'fake-discord-test-token';

/**
 * Default heartbeat interval announced in HELLO. Discord uses 41 250 ms; keeping it long means no
 * heartbeat traffic during a short test (discord.js waits `interval * random()` before the first).
 */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 41_250;

/** Discord gives an app 3 seconds to acknowledge an interaction before the token stops working. */
export const DEFAULT_INTERACTION_ACK_DEADLINE_MS = 3_000;

/** Default `attachment_size_limit` sent with interactions (10 MiB, a non-boosted guild). */
export const DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/** Maximum number of pinned messages per channel. */
export const MAX_PINS_PER_CHANNEL = 50;

/** Default and maximum `limit` of `GET /channels/{id}/messages/pins`. */
export const MAX_PINS_PAGE_SIZE = 50;

/** Default and maximum `limit` of `GET /channels/{id}/messages`. */
export const DEFAULT_MESSAGES_PAGE_SIZE = 50;
/** Maximum `limit` of `GET /channels/{id}/messages`. */
export const MAX_MESSAGES_PAGE_SIZE = 100;

/** Message content limit (characters). */
export const MAX_MESSAGE_CONTENT_LENGTH = 2_000;
/** Maximum embeds per message. */
export const MAX_EMBEDS_PER_MESSAGE = 10;
/** Maximum characters summed over all embeds of a message. */
export const MAX_EMBED_TOTAL_CHARACTERS = 6_000;
/** Embed title limit. */
export const MAX_EMBED_TITLE_LENGTH = 256;
/** Embed description limit. */
export const MAX_EMBED_DESCRIPTION_LENGTH = 4_096;
/** Maximum fields per embed. */
export const MAX_EMBED_FIELDS = 25;
/** Embed field name limit. */
export const MAX_EMBED_FIELD_NAME_LENGTH = 256;
/** Embed field value limit. */
export const MAX_EMBED_FIELD_VALUE_LENGTH = 1_024;
/** Embed footer text limit. */
export const MAX_EMBED_FOOTER_LENGTH = 2_048;
/** Embed author name limit. */
export const MAX_EMBED_AUTHOR_NAME_LENGTH = 256;
/** Maximum autocomplete choices in one response. */
export const MAX_AUTOCOMPLETE_CHOICES = 25;
/** Autocomplete choice name length range. */
export const MAX_CHOICE_NAME_LENGTH = 100;
/** Maximum length of a string choice value. */
export const MAX_CHOICE_STRING_VALUE_LENGTH = 100;

/** How many dispatches a session keeps for replay on RESUME. */
export const MAX_REPLAY_BUFFER = 10_000;

/** Discord's REST JSON error codes (re-exported from discord-api-types). */
export const ErrorCode = RESTJSONErrorCodes;

/** Gateway close codes (re-exported from discord-api-types). */
export const CloseCode = GatewayCloseCodes;

/** Close code the fake uses to force discord.js to resume (4000 = UnknownError, which it resumes on). */
export const FORCE_RESUME_CLOSE_CODE = GatewayCloseCodes.UnknownError;

/** Messages Discord sends with the error codes the fake produces. */
export const ErrorMessage = {
  Unauthorized: '401: Unauthorized',
  NotFound: '404: Not Found',
  MethodNotAllowed: '405: Method Not Allowed',
  InternalServerError: '500: Internal Server Error',
  BadGateway: '502: Bad Gateway',
  ServiceUnavailable: '503: Service Unavailable',
  RateLimited: 'You are being rate limited.',
  UnknownChannel: 'Unknown Channel',
  UnknownGuild: 'Unknown Guild',
  UnknownMessage: 'Unknown Message',
  UnknownUser: 'Unknown User',
  UnknownWebhook: 'Unknown Webhook',
  UnknownInteraction: 'Unknown interaction',
  UnknownApplicationCommand: 'Unknown application command',
  MissingPermissions: 'Missing Permissions',
  MaxPins: `Maximum number of pins reached (${MAX_PINS_PER_CHANNEL})`,
  AlreadyAcknowledged: 'Interaction has already been acknowledged.',
  EmptyMessage: 'Cannot send an empty message',
  InvalidFormBody: 'Invalid Form Body',
} as const;

/** Permission bits granted to the bot's managed role by default (enough to answer, embed, attach and pin). */
export const DEFAULT_BOT_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.PinMessages
).toString();

/** Permissions of @everyone by default. */
export const DEFAULT_EVERYONE_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands
).toString();

/**
 * `app_permissions` Discord sends for interactions in DMs and group DMs: Attach Files, Embed Links,
 * Mention Everyone and Use External Emojis.
 */
export const DM_APP_PERMISSIONS = (
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.UseExternalEmojis
).toString();

/**
 * The bot's configuration: read once at start-up from the environment (with `.env` loaded by
 * dotenv underneath it), validated with a schema, then passed in. Nothing else in src/ reads
 * `process.env` for the bot.
 */
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { DEFAULT_CORPUS_DIR, defaultDatabaseFile } from './paths.ts';

/** Default questions a member may ask per cooldown window. */
export const DEFAULT_ASK_COOLDOWN_LIMIT = 5;
/** Default cooldown window, in seconds. */
export const DEFAULT_ASK_COOLDOWN_SECONDS = 30;
/** Default seconds a shutdown waits for answers in flight before it closes the connection anyway. */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
/** Default days feedback (refused questions, votes) is kept before it is deleted. */
export const DEFAULT_RETENTION_DAYS = 90;
/** Log levels pino understands, quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the bot runs with. Passed in from the entry point; never read from the environment later. */
export interface Config {
  /** The bot token; empty only when `requireToken` was false (deploy --dry-run). */
  token: string;
  /** Application (client) id, when given; otherwise the bot asks Discord. */
  clientId?: string;
  /**
   * Base URL of Discord's REST API without the version (discord.js appends `/v10`), for example
   * `http://127.0.0.1:8080/api`. Undefined means Discord's own (`https://discord.com/api`).
   */
  apiUrl?: string;
  /** Absolute path of the corpus folder. */
  corpusDir: string;
  /** Per-user cooldown on asking: at most `limit` questions per `windowMs`. */
  cooldown: { limit: number; windowMs: number };
  /** pino log level. */
  logLevel: LogLevel;
  /**
   * Requests per second discord.js's own global REST limiter allows (`rest.globalRequestsPerSecond`);
   * undefined keeps discord.js's default of 50, Discord's global limit. Raised for a REST proxy that
   * does its own limiting, or for the loopback fake Discord in tests and `npm run bench:load`.
   */
  globalRequestsPerSecond?: number;
  /** The feedback store (refused questions, votes, channel settings); none when undefined. */
  store?: StoreConfig;
  /**
   * On SIGTERM/SIGINT, how long answers in flight may take to finish before the bot exits anyway
   * (undefined: DEFAULT_SHUTDOWN_GRACE_SECONDS).
   */
  shutdownGraceMs?: number;
  /** How corpus files are read and articles fetched (shared with the terminal's `npm run add`); defaults when absent. */
  corpus?: CorpusSettings;
}

/** Where the feedback store keeps its records and for how long. */
export interface StoreConfig {
  /** `postgres://…` to share one PostgreSQL database; undefined for the SQLite file. */
  databaseUrl?: string;
  /** The SQLite file used when there is no PostgreSQL URL (created on first start). */
  sqliteFile: string;
  /** Records older than this many days are deleted daily. */
  retentionDays: number;
  /** Secret for hashing votes; undefined means one is generated once and kept in the database. */
  voteHashSecret?: string;
}

/** Settings for reading corpus files and fetching articles. */
export interface CorpusSettings {
  /** Largest corpus file read, in bytes (CORPUS_MAX_FILE_BYTES, default 2 MB); a larger one is skipped by name. */
  maxFileBytes: number;
  /**
   * Whether an article may be fetched from a loopback address (FETCH_ALLOW_LOOPBACK, default false).
   * Only for tests against a local server: other private ranges stay refused either way.
   */
  allowLoopbackFetch: boolean;
}

/** Default largest corpus file: 2 MB is about thirty times a long feature. */
export const DEFAULT_CORPUS_MAX_FILE_BYTES = 2 * 2 ** 20;

/** The corpus settings when nothing is configured. */
export const DEFAULT_CORPUS_SETTINGS: CorpusSettings = { maxFileBytes: DEFAULT_CORPUS_MAX_FILE_BYTES, allowLoopbackFetch: false };

/** Why the configuration cannot be used; the message is one line for a person, token-free. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What the configuration is for, which decides what is required and how to say so. */
export type ConfigPurpose = 'bot' | 'deploy';

/** Options for `loadConfig`. */
export interface LoadConfigOptions {
  /** Environment to read (default `process.env`); values here win over the `.env` file. */
  env?: NodeJS.ProcessEnv;
  /** The dotenv file to load under the environment (default `.env` in the working directory). */
  envFile?: string;
  /** False for `deploy --dry-run`, which needs no token (default true). */
  requireToken?: boolean;
  /** Who is asking, so a missing token is explained for that command (default `bot`). */
  purpose?: ConfigPurpose;
}

const TERMINAL_HINT = 'To try storybot without Discord, run `npm run chat` or `npm run ask -- "your question"`.';

/** The one line printed when DISCORD_TOKEN is missing. */
export function missingTokenMessage(purpose: ConfigPurpose = 'bot'): string {
  const command = purpose === 'deploy' ? '`npm run deploy` (without --dry-run)' : '`npm start`';
  return (
    `DISCORD_TOKEN is not set: ${command} needs your bot's token. Copy .env.example to .env and set ` +
    `DISCORD_TOKEN (Discord Developer Portal → your application → Bot → Reset Token). ${TERMINAL_HINT}`
  );
}

/** The one line printed when Discord refuses the token. */
export function rejectedTokenMessage(): string {
  return (
    'Discord rejected DISCORD_TOKEN (401 Unauthorized): it is wrong, reset or revoked. Put the current ' +
    `token from the Developer Portal (Bot → Reset Token) in .env (see .env.example). ${TERMINAL_HINT}`
  );
}

/** Empty or blank values count as unset, as they are in a copied `.env.example`. */
const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^\d+$/, { message: `${name} must be a whole number from ${min} to ${max}` })
      .transform(Number)
      .pipe(z.number().int().min(min, { message: `${name} must be at least ${min}` }).max(max, { message: `${name} must be at most ${max}` }))
      .optional(),
  ).transform((value) => value ?? fallback);

const apiUrl = z.preprocess(
  blankAsUnset,
  z
    .string()
    .refine((text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), {
      message: 'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8080/api',
    })
    .transform((text) => text.replace(/\/+$/, ''))
    .refine((text) => !/\/v\d+$/.test(text), {
      message: 'DISCORD_API_URL must not end with the API version: use …/api (discord.js adds /v10 itself)',
    })
    .optional(),
);

const environmentSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankAsUnset,
    z
      .string()
      // A token is three dot-separated base64url parts; whitespace means a paste went wrong.
      .refine((text) => !/\s/.test(text), { message: 'DISCORD_TOKEN contains spaces: paste the token alone, without quotes or "Bot "' })
      .optional(),
  ),
  DISCORD_CLIENT_ID: z.preprocess(
    blankAsUnset,
    z.string().regex(/^\d{17,20}$/, { message: 'DISCORD_CLIENT_ID must be the application id: 17 to 20 digits' }).optional(),
  ),
  DISCORD_API_URL: apiUrl,
  CORPUS_DIR: z.preprocess(blankAsUnset, z.string().optional()),
  ASK_COOLDOWN_LIMIT: wholeNumber('ASK_COOLDOWN_LIMIT', 1, 1_000, DEFAULT_ASK_COOLDOWN_LIMIT),
  ASK_COOLDOWN_SECONDS: wholeNumber('ASK_COOLDOWN_SECONDS', 1, 86_400, DEFAULT_ASK_COOLDOWN_SECONDS),
  DISCORD_GLOBAL_REQUESTS_PER_SECOND: z
    .preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^\d+$/, { message: 'DISCORD_GLOBAL_REQUESTS_PER_SECOND must be a whole number from 1 to 100000' })
        .transform(Number)
        .pipe(z.number().int().min(1, { message: 'DISCORD_GLOBAL_REQUESTS_PER_SECOND must be at least 1' }).max(100_000, { message: 'DISCORD_GLOBAL_REQUESTS_PER_SECOND must be at most 100000' }))
        .optional(),
    ),
  DATABASE_URL: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine((text) => /^(?:postgres(?:ql)?:\/\/.+|sqlite:.+)$/i.test(text), {
        message: 'DATABASE_URL must be postgres://user:password@host:5432/database (or sqlite:path/to/file.sqlite); leave it empty for the built-in SQLite file in data/',
      })
      .optional(),
  ),
  SHUTDOWN_GRACE_SECONDS: wholeNumber('SHUTDOWN_GRACE_SECONDS', 0, 600, DEFAULT_SHUTDOWN_GRACE_SECONDS),
  FEEDBACK_RETENTION_DAYS: wholeNumber('FEEDBACK_RETENTION_DAYS', 1, 3_650, DEFAULT_RETENTION_DAYS),
  VOTE_HASH_SECRET: z.preprocess(
    blankAsUnset,
    z.string().min(16, { message: 'VOTE_HASH_SECRET must be at least 16 characters (or empty: one is generated and kept in the database)' }).optional(),
  ),
  CORPUS_MAX_FILE_BYTES: wholeNumber('CORPUS_MAX_FILE_BYTES', 2 ** 10, 2 ** 30, DEFAULT_CORPUS_MAX_FILE_BYTES),
  FETCH_ALLOW_LOOPBACK: z.preprocess(
    (value) => (typeof blankAsUnset(value) === 'string' ? String(blankAsUnset(value)).toLowerCase() : undefined),
    z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'FETCH_ALLOW_LOOPBACK must be true or false' }).optional(),
  ).transform((value) => value === 'true' || value === '1' || value === 'yes'),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof blankAsUnset(value) === 'string' ? String(blankAsUnset(value)).toLowerCase() : undefined),
    z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
});

/**
 * Reads and validates the configuration once. Throws a ConfigError whose message is one line
 * naming the variable and `.env.example`, and never containing the token.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const source: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  // processEnv keeps dotenv from touching the real environment; existing values win, as usual.
  dotenv.config({ path: options.envFile ?? resolve('.env'), processEnv: source as Record<string, string>, quiet: true });
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message);
    throw new ConfigError(`${problems.join('; ')}. See .env.example for every setting.`);
  }
  const env = parsed.data;
  if (options.requireToken !== false && env.DISCORD_TOKEN === undefined) {
    throw new ConfigError(missingTokenMessage(options.purpose));
  }
  return {
    token: env.DISCORD_TOKEN ?? '',
    clientId: env.DISCORD_CLIENT_ID,
    apiUrl: env.DISCORD_API_URL,
    corpusDir: env.CORPUS_DIR === undefined ? DEFAULT_CORPUS_DIR : resolve(env.CORPUS_DIR),
    cooldown: { limit: env.ASK_COOLDOWN_LIMIT, windowMs: env.ASK_COOLDOWN_SECONDS * 1_000 },
    logLevel: env.LOG_LEVEL,
    globalRequestsPerSecond: env.DISCORD_GLOBAL_REQUESTS_PER_SECOND,
    store: storeConfig(env.DATABASE_URL, env.FEEDBACK_RETENTION_DAYS, env.VOTE_HASH_SECRET),
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1_000,
    corpus: { maxFileBytes: env.CORPUS_MAX_FILE_BYTES, allowLoopbackFetch: env.FETCH_ALLOW_LOOPBACK },
  };
}

/** `sqlite:FILE` names another SQLite file; a postgres URL is kept as it is. */
function storeConfig(url: string | undefined, retentionDays: number, voteHashSecret: string | undefined): StoreConfig {
  const sqlite = url === undefined ? undefined : /^sqlite:(.+)$/i.exec(url)?.[1];
  return {
    ...(url !== undefined && sqlite === undefined ? { databaseUrl: url } : {}),
    sqliteFile: sqlite === undefined ? defaultDatabaseFile() : resolve(sqlite),
    retentionDays,
    ...(voteHashSecret !== undefined ? { voteHashSecret } : {}),
  };
}

/**
 * The corpus settings alone, for terminal commands that need no token (`npm run add`,
 * `check:corpus`). Throws a ConfigError naming the bad variable.
 */
export function loadCorpusSettings(options: Omit<LoadConfigOptions, 'requireToken' | 'purpose'> = {}): CorpusSettings {
  return loadConfig({ ...options, requireToken: false }).corpus ?? DEFAULT_CORPUS_SETTINGS;
}

/**
 * Wiring a running bot: client, router, cooldowns, event listeners, login and a clean stop.
 * The entry points (src/bot.ts, one process; src/shard.ts, one per shard) call `startBot` with
 * the config, the story and the command list they were given.
 */
import { type Client, DiscordjsErrorCodes, Events, GatewayCloseCodes, type RESTOptions } from 'discord.js';
import type { Logger } from 'pino';
import { DEFAULT_CORPUS_SETTINGS, DEFAULT_SHUTDOWN_GRACE_SECONDS, rejectedTokenMessage, type Config } from '../config.ts';
import type { FeedbackPort } from '../store/feedback-port.ts';
import type { Story } from '../story.ts';
import { createClient } from './client.ts';
import { redactUrlCredentials } from './logger.ts';
import type { AnyCommand } from './command.ts';
import { type CooldownStore, ShardCooldownClient, SlidingWindowCooldown } from './cooldown.ts';
import { createRouter, type Router } from './router.ts';

/** How long logging in may take before the bot gives up with a clear message. */
export const LOGIN_TIMEOUT_MS = 30_000;

/** A failure to start that a person can fix; the message is one line, token-free. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** What `startBot` needs. */
export interface StartBotOptions {
  /** Validated configuration. */
  config: Config;
  /** The loaded story. */
  story: Story;
  /** The story as hot reload swaps it (src/corpus-watch); `story` alone when absent. */
  liveStory?: { readonly current: Story };
  /** The commands (from commands/index.ts, handed in by the composition root). */
  commands: readonly AnyCommand[];
  /** Base logger. */
  logger: Logger;
  /** Extra REST options (tests). */
  rest?: Partial<RESTOptions>;
  /** Cooldown store; default: per process, or the manager's when sharded. */
  cooldowns?: CooldownStore;
  /** Refused questions, votes and channel settings; none records nothing. */
  feedback?: FeedbackPort;
  /** Log in (default true); tests wire a client without connecting. */
  login?: boolean;
}

/** A started bot. */
export interface RunningBot {
  /** The discord.js client. */
  client: Client;
  /** The dispatch point (tests call it directly). */
  router: Router;
  /**
   * Stops taking new interactions and DMs, lets those in flight finish (up to the config's
   * shutdown grace), then closes the gateway connections; safe to call twice.
   */
  stop(reason?: string): Promise<void>;
}

/**
 * The one line for a failed login. `gatewayCloseCode` is the code the gateway closed with during
 * login, if it did: a token REST accepted can still be refused by the gateway (close 4004), and
 * discord.js then rejects with a bare `Error('Authentication failed')`.
 */
export function explainLoginError(error: unknown, apiUrl: string | undefined, gatewayCloseCode?: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === DiscordjsErrorCodes.TokenInvalid || (error as { status?: unknown } | null)?.status === 401) return rejectedTokenMessage();
  if (gatewayCloseCode === GatewayCloseCodes.AuthenticationFailed) return rejectedTokenMessage();
  if (code === DiscordjsErrorCodes.DisallowedIntents || gatewayCloseCode === GatewayCloseCodes.DisallowedIntents) {
    return 'Discord refused the gateway intents. storybot needs no privileged intent: check that nothing added one, then start again.';
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  // The address may carry a proxy's user and password: printed without them.
  return redactUrlCredentials(`Could not log in to Discord at ${apiUrl ?? 'https://discord.com/api'}: ${reason}. Check your connection and DISCORD_API_URL.`);
}

/** This process's cooldown store: the manager's window when sharded (IPC), else its own. */
async function defaultCooldowns(client: Client, config: Config): Promise<CooldownStore> {
  const local = new SlidingWindowCooldown(config.cooldown);
  if (!client.shard) return local;
  const channel = client.shard.mode === 'worker' ? (await import('node:worker_threads')).parentPort : process;
  return channel ? new ShardCooldownClient(client.shard, channel, local) : local;
}

/** A question asked once at start-up, so lazy loading in the engine is not paid by the first member. */
export const WARM_UP_QUESTION = 'What did they say?';

function warmUp(story: Story, logger: Logger): void {
  const started = performance.now();
  try {
    story.ask(WARM_UP_QUESTION, { limit: 1 });
    story.suggest('a', 1);
  } catch (error) {
    logger.warn({ err: error }, 'warm-up question failed');
  }
  logger.debug({ ms: Math.round(performance.now() - started) }, 'story engine warmed up');
}

/** Creates the client, wires the router and logs in. Throws StartupError for a failed login. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const rest = config.globalRequestsPerSecond === undefined ? options.rest : { globalRequestsPerSecond: config.globalRequestsPerSecond, ...options.rest };
  const client = createClient({ apiUrl: config.apiUrl, rest });
  const cooldowns = options.cooldowns ?? (await defaultCooldowns(client, config));
  // Moderators' /article writes into the folder the bot answers from; hot reload makes it live.
  const corpus = { dir: config.corpusDir, ...(config.corpus ?? DEFAULT_CORPUS_SETTINGS) };
  const router = createRouter({ commands: options.commands, story: options.story, liveStory: options.liveStory, cooldowns, logger, feedback: options.feedback, corpus });

  client.on(Events.InteractionCreate, (interaction) => void router.handleInteraction(interaction));
  client.on(Events.MessageCreate, (message) => void router.handleMessage(message));
  client.once(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, application: ready.application.id, guilds: ready.guilds.cache.size, shards: ready.shard?.ids ?? [0] }, 'ready');
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  let gatewayCloseCode: number | undefined;
  client.on(Events.ShardDisconnect, (event, shard) => {
    gatewayCloseCode = event.code;
    logger.warn({ shard, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));

  warmUp(options.story, logger);

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop'): Promise<void> => {
    stopping ??= (async () => {
      router.close();
      const graceMs = config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_SECONDS * 1_000;
      logger.info({ reason, graceMs }, 'shutting down');
      const started = performance.now();
      const unfinished = await router.drain(graceMs);
      const fields = { reason, unfinished, drainMs: Math.round(performance.now() - started) };
      if (unfinished > 0) logger.warn(fields, 'shutting down with answers unfinished');
      else logger.info(fields, 'answers in flight finished');
      await client.destroy();
    })();
    return stopping;
  };

  if (options.login !== false) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${LOGIN_TIMEOUT_MS / 1_000} s`)), LOGIN_TIMEOUT_MS);
    });
    try {
      // The application id comes from Discord at login (READY), so no client id is needed here.
      await Promise.race([client.login(config.token), timeout]);
    } catch (error) {
      await client.destroy().catch(() => undefined);
      throw new StartupError(explainLoginError(error, config.apiUrl, gatewayCloseCode));
    } finally {
      clearTimeout(timer);
    }
  }
  return { client, router, stop };
}

/**
 * Helpers for driving a discord.js client against the fake Discord: client options that point
 * discord.js at the fake, bounded login, an unhandled-rejection guard, "answered exactly once"
 * assertions and a generic bounded `waitFor`. No test-runner import, so benchmarks use it too;
 * the vitest hooks (`useFakeDiscord`) live in `./vitest.ts`.
 */
import { Client, Events, GatewayIntentBits, Partials, RESTJSONErrorCodes } from 'discord.js';
import type { ClientEvents, ClientOptions, IIdentifyThrottler, InteractionResponseType } from 'discord.js';
import type { InteractionHandle } from './interactions.ts';
import type { FakeDiscord } from './server.ts';
import type { RecordedRequest } from './types.ts';
import { DEFAULT_WAIT_TIMEOUT_MS, sleep, waitUntil, WaitTimeoutError } from './wait.ts';

export { DEFAULT_WAIT_TIMEOUT_MS, sleep, WaitTimeoutError } from './wait.ts';

/** Requests per second for discord.js's global REST limiter in tests (its default of 50 stalls load tests). */
export const TEST_GLOBAL_REQUESTS_PER_SECOND = 10_000;

/** Default time to let a client log in and receive its guilds. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 5_000;

/** How long {@link expectAnsweredOnce} watches for a second callback after the first. */
export const DEFAULT_SETTLE_MS = 100;

/** An identify throttler that never waits (discord.js waits 5 s between IDENTIFYs of one client). */
export const NO_IDENTIFY_THROTTLE: IIdentifyThrottler = { waitForIdentify: async () => undefined };

/** Options of {@link testClientOptions}. */
export interface TestClientOptions {
  /** Skip the 5 s identify throttle on re-identify (default true). */
  noIdentifyThrottle?: boolean;
  /** Options merged over the defaults (`rest` is merged one level deep). */
  overrides?: Partial<ClientOptions>;
}

/**
 * discord.js client options pointing at the fake: `rest.api = fake.apiUrl` (NOT `.../api/v10`:
 * @discordjs/rest appends `/v10` itself), the global limiter raised to
 * {@link TEST_GLOBAL_REQUESTS_PER_SECOND}, intents Guilds + DirectMessages and the Channel partial
 * (needed to receive DMs), as storybot uses.
 */
export function testClientOptions(fake: Pick<FakeDiscord, 'apiUrl'>, options: TestClientOptions = {}): ClientOptions {
  const { overrides = {}, noIdentifyThrottle = true } = options;
  return {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    ...overrides,
    rest: { api: fake.apiUrl, globalRequestsPerSecond: TEST_GLOBAL_REQUESTS_PER_SECOND, ...overrides.rest },
    ws: { ...(noIdentifyThrottle ? { buildIdentifyThrottler: () => NO_IDENTIFY_THROTTLE } : {}), ...overrides.ws },
  };
}

/** A discord.js client configured by {@link testClientOptions}. */
export function createTestClient(fake: Pick<FakeDiscord, 'apiUrl'>, options: TestClientOptions = {}): Client {
  return new Client(testClientOptions(fake, options));
}

/**
 * Logs `client` in with the fake's token and resolves once `clientReady` fired (all guilds
 * received), which is later than `login()` resolving. Rejects if login fails or on timeout.
 */
export async function loginAndWaitReady(client: Client, fake: Pick<FakeDiscord, 'token'>, timeoutMs = DEFAULT_LOGIN_TIMEOUT_MS): Promise<Client<true>> {
  let ready = false;
  const onReady = (): void => {
    ready = true;
  };
  client.once(Events.ClientReady, onReady);
  try {
    await client.login(fake.token);
    await waitUntil(() => ready || client.isReady(), { timeoutMs, description: 'the client to become ready (clientReady)' });
  } finally {
    client.off(Events.ClientReady, onReady);
  }
  if (!client.isReady()) throw new Error('client is not ready after clientReady');
  return client;
}

/** Errors caught by {@link failOnUnhandledRejection}. */
export interface UnhandledErrorGuard {
  /** Unhandled rejections and uncaught exceptions seen since installation. */
  readonly errors: readonly unknown[];
  /** Throws if any were seen. */
  assertNone(): void;
  /** Removes the process listeners. */
  dispose(): void;
}

/**
 * Records `unhandledRejection` and `uncaughtException` events (discord.js reports malformed payloads
 * that way) so a test can fail on them; call `assertNone()` at the end of the test and `dispose()`.
 */
export function failOnUnhandledRejection(): UnhandledErrorGuard {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    errors.push(reason);
  };
  const onException = (error: Error): void => {
    errors.push(error);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    assertNone() {
      if (errors.length === 0) return;
      const details = errors.map((error) => (error instanceof Error ? (error.stack ?? error.message) : String(error))).join('\n---\n');
      throw new Error(`${errors.length} unhandled rejection(s)/exception(s):\n${details}`);
    },
    dispose() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Resolves with the first truthy value of `predicate`, polling; rejects after `timeoutMs`. */
export function waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, description = 'a condition'): Promise<T> {
  return waitUntil(predicate, { timeoutMs, description });
}

/**
 * Resolves with the arguments of the next `event` the client emits (e.g. `Events.InteractionCreate`);
 * rejects after `timeoutMs`.
 */
export function nextClientEvent<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  timeoutMs = DEFAULT_WAIT_TIMEOUT_MS,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]): void => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for the client event ${String(event)}`));
    }, timeoutMs);
    client.once(event, listener);
  });
}

/** Whether a recorded request got a 2xx response. */
export function succeeded(request: RecordedRequest): boolean {
  return request.status !== null && request.status >= 200 && request.status < 300;
}

/** Options of {@link expectAnsweredOnce}. */
export interface AnsweredOnceOptions {
  /** Time to wait for the callback (default {@link DEFAULT_WAIT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Time to keep watching for a duplicate after the first (default {@link DEFAULT_SETTLE_MS}). */
  settleMs?: number;
  /** Expected callback type (e.g. `InteractionResponseType.DeferredChannelMessageWithSource`). */
  type?: InteractionResponseType;
}

/**
 * Asserts the bot acknowledged `interaction` exactly once: one accepted callback within the
 * timeout, and no further callback attempt (rejected 40060 "already acknowledged") during
 * `settleMs`. Retries of a rate-limited or failed attempt do not count as duplicates.
 * @returns the accepted callback request.
 */
export async function expectAnsweredOnce(interaction: InteractionHandle, options: AnsweredOnceOptions = {}): Promise<RecordedRequest> {
  const accepted = await interaction.waitForCallback(options.timeoutMs);
  await sleep(options.settleMs ?? DEFAULT_SETTLE_MS);
  const successes = interaction.callbackRequests.filter(succeeded);
  const duplicates = interaction.callbackRequests.filter(
    (request) => request.status === 400 && (request.response as { code?: number } | null)?.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  );
  if (successes.length !== 1 || duplicates.length > 0) {
    throw new Error(
      `interaction ${interaction.id} was acknowledged ${successes.length} time(s) with ${duplicates.length} rejected duplicate(s):\n` +
        interaction.callbackRequests.map((r) => `  ${r.method} ${r.path} -> ${r.status ?? 'pending'}`).join('\n'),
    );
  }
  if (options.type !== undefined && interaction.callbackType !== options.type) {
    throw new Error(`interaction ${interaction.id} was acknowledged with type ${String(interaction.callbackType)}, expected ${options.type}`);
  }
  return accepted;
}

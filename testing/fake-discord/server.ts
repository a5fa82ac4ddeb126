/**
 * A fake Discord (REST API v10 + gateway) on 127.0.0.1 for end-to-end tests of a discord.js bot.
 *
 * Point an unmodified discord.js client at it with
 * ```ts
 * const fake = await startFakeDiscord();
 * const client = new Client({
 *   intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
 *   partials: [Partials.Channel],
 *   rest: { api: fake.apiUrl, globalRequestsPerSecond: 10_000 },
 * });
 * await client.login(fake.token);
 * ```
 * `fake.apiUrl` is `http://127.0.0.1:PORT/api`: @discordjs/rest builds request URLs as
 * `${api}/v${version}${route}` (see `REST.resolveRequest`), so `/v10` must NOT be part of it.
 * The gateway URL is discovered like on Discord, via `GET /api/v10/gateway/bot`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationFlags,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionContextType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import type {
  APIApplication,
  APIApplicationCommand,
  APIAttachment,
  APIInteraction,
  APIMessage,
  APIUser,
  ApplicationCommandType,
  GatewayMessageCreateDispatchData,
} from 'discord.js';
import { CommandStore } from './commands.ts';
import {
  API_PATH_PREFIX,
  API_VERSION,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_INTERACTION_ACK_DEADLINE_MS,
  DEFAULT_TOKEN,
  ErrorCode,
  ErrorMessage,
  GATEWAY_PATH,
  RESUME_GATEWAY_PATH,
} from './constants.ts';
import { FakeGateway, PRIVILEGED_INTENTS } from './gateway.ts';
import type { IntentRequirement } from './gateway.ts';
import { InteractionRegistry } from './interactions.ts';
import type { InteractionHandle, MessageEcho, RouteResult } from './interactions.ts';
import { buildGuild, buildMessage, buildUser } from './payloads.ts';
import type { BuildMessageOptions, FakeGuild, FakeGuildOptions, PayloadContext } from './payloads.ts';
import { createRoutes, Router } from './rest.ts';
import { createSnowflakeGenerator } from './snowflake.ts';
import type { SnowflakeGenerator } from './snowflake.ts';
import { ApiError, asRecord, FakeStore } from './store.ts';
import type {
  DispatchResult,
  FaultHandle,
  FaultSpec,
  RecordedFile,
  RecordedRequest,
} from './types.ts';
import { ChangeSignal, DEFAULT_WAIT_TIMEOUT_MS, waitUntil } from './wait.ts';

/** Options of {@link startFakeDiscord}. */
export interface FakeDiscordOptions {
  /** The bot token the fake accepts (default {@link DEFAULT_TOKEN}). */
  token?: string;
  /** Application id, also the bot user's id (default: generated). */
  applicationId?: string;
  /** Bot username (default `storybot`). */
  botUsername?: string;
  /** Username of the default human user (default `tester`). */
  defaultUsername?: string;
  /**
   * Guilds the bot is in (default: one guild with `#general`). Every guild is announced in READY
   * and then sent as GUILD_CREATE, so discord.js does not wait `waitGuildTimeout` (15 s) for it.
   * Pass `[]` for a bot in no guild.
   */
  guilds?: FakeGuildOptions[];
  /** HELLO heartbeat interval (default 41 250 ms, as Discord). */
  heartbeatIntervalMs?: number;
  /** Time after dispatch within which an interaction must be acknowledged (default 3000 ms; `Infinity` disables). */
  interactionAckDeadlineMs?: number;
  /** Require `Authorization: Bot <token>` on REST routes that need it (default true): bad token → 401. */
  checkRestAuth?: boolean;
  /** Check the bot's computed permissions on guild channel routes (default true): missing → 403 50013/50001. */
  enforcePermissions?: boolean;
  /**
   * Send MESSAGE_CREATE/UPDATE/DELETE for the bot's own messages, as Discord does when the session
   * has the GuildMessages/DirectMessages intent (default true). A bot reacting to `messageCreate`
   * must ignore its own messages.
   */
  echoBotMessages?: boolean;
  /** Privileged intents enabled for the app in the developer portal (default: all three). */
  allowedPrivilegedIntents?: number;
  /** Receives one line per request and gateway event, for debugging. */
  log?: (line: string) => void;
}

/** Result of {@link FakeDiscord.sendMessage}. */
export interface SentMessage {
  /** The message as stored (with full content, whatever the intents). */
  readonly message: APIMessage;
  /** How the MESSAGE_CREATE dispatch went (it is `filtered` without the needed intent). */
  readonly dispatch: DispatchResult;
}

/** Environment variables that point storybot at the fake. */
export interface FakeDiscordEnv {
  /** The token the fake accepts. */
  DISCORD_TOKEN: string;
  /** The application id. */
  DISCORD_CLIENT_ID: string;
  /** The REST base URL (`http://127.0.0.1:PORT/api`). */
  DISCORD_API_URL: string;
}

/** Handle of a running fake Discord. */
export interface FakeDiscord extends PayloadContext {
  /** REST base URL to pass as `rest.api`: `http://127.0.0.1:PORT/api` (discord.js appends `/v10`). */
  readonly apiUrl: string;
  /** Gateway URL returned by `GET /gateway/bot`: `ws://127.0.0.1:PORT/gateway`. */
  readonly gatewayUrl: string;
  /** The `resume_gateway_url` announced in READY: `ws://127.0.0.1:PORT/gateway/resume`. */
  readonly resumeGatewayUrl: string;
  /** The port. */
  readonly port: number;
  /** The accepted bot token. */
  readonly token: string;
  /** The first guild (throws if the fake has none). */
  readonly guild: FakeGuild;
  /** Every REST request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests no route matched (404/405), in arrival order. */
  readonly unknownRoutes: readonly RecordedRequest[];
  /** Errors thrown by the fake itself while handling a request (answered with 500); should stay empty. */
  readonly internalErrors: readonly Error[];
  /** The gateway (connections, frames, session, drop/close controls). */
  readonly gateway: FakeGateway;
  /** Every dispatched interaction, in dispatch order. */
  readonly interactions: readonly InteractionHandle[];
  /** Change notifications (any request finished, frame received, ...). */
  readonly signal: ChangeSignal;
  /** Registered global commands. */
  globalCommands(): readonly APIApplicationCommand[];
  /** Registered commands of a guild. */
  guildCommands(guildId: string): readonly APIApplicationCommand[];
  /** Dispatches INTERACTION_CREATE; the handle awaits and inspects the bot's answer. */
  sendInteraction(payload: APIInteraction, options?: { ackDeadlineMs?: number }): InteractionHandle;
  /**
   * Stores a message from a user and dispatches MESSAGE_CREATE (subject to intents: GuildMessages or
   * DirectMessages; guild message content is blanked without MessageContent unless the bot is mentioned).
   */
  sendMessage(payload: GatewayMessageCreateDispatchData): SentMessage;
  /** Dispatches any gateway event. */
  dispatch(event: string, data: unknown): DispatchResult;
  /** Drops the gateway connection (no close frame); discord.js resumes. */
  dropGateway(): boolean;
  /** Closes the gateway connection with `code` (4000 → resume, 4004 → fatal, 1000 → re-identify). */
  closeGateway(code: number, reason?: string): boolean;
  /** Adds a REST fault. */
  fault(spec: FaultSpec): FaultHandle;
  /** Removes all faults. */
  clearFaults(): void;
  /** Messages of a channel, oldest first. */
  messages(channelId: string): APIMessage[];
  /** A stored message. */
  message(channelId: string, messageId: string): APIMessage | undefined;
  /** Pinned messages of a channel, newest first. */
  pins(channelId: string): APIMessage[];
  /** Stores a message without dispatching it (e.g. history to pin). Author defaults to the bot. */
  seedMessage(channelId: string, options?: Omit<BuildMessageOptions, 'channelId'>): APIMessage;
  /** Stores and pins `count` bot messages (e.g. 50 to fill the pin list). */
  seedPins(channelId: string, count: number): APIMessage[];
  /** Creates a user known to the fake (not a member of any guild). */
  createUser(username: string): APIUser;
  /**
   * A file a member attaches to a command option (`option.attachment(name, file)`): the fake serves
   * its bytes at the returned `url` on 127.0.0.1, with `contentType` (default from the name).
   */
  uploadAttachment(file: { filename: string; data: Buffer | string; contentType?: string }): APIAttachment;
  /** Resolves with the first request (past or future) matching `predicate` that has been answered. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Environment variables pointing storybot at the fake. */
  env(): FakeDiscordEnv;
  /** A multi-line summary of the last requests, for failure messages. */
  describeRecent(count?: number): string;
  /** Stops the fake: terminates gateway connections and HTTP sockets. Idempotent. */
  close(): Promise<void>;
}

/** Mutable version of a recorded request (the public type is read-only). */
type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

/** Internal state of a fault. */
interface ActiveFault {
  readonly spec: FaultSpec;
  hits: number;
  remaining: number;
}

/** Messages Discord sends with the error codes tests most often inject. */
const MESSAGES_BY_CODE: Readonly<Record<number, string>> = {
  [ErrorCode.UnknownChannel]: ErrorMessage.UnknownChannel,
  [ErrorCode.UnknownMessage]: ErrorMessage.UnknownMessage,
  [ErrorCode.UnknownWebhook]: ErrorMessage.UnknownWebhook,
  [ErrorCode.UnknownInteraction]: ErrorMessage.UnknownInteraction,
  [ErrorCode.MaximumNumberOfPinsReachedForTheChannel]: ErrorMessage.MaxPins,
  [ErrorCode.InteractionHasAlreadyBeenAcknowledged]: ErrorMessage.AlreadyAcknowledged,
  [ErrorCode.MissingAccess]: 'Missing Access',
  [ErrorCode.CannotSendMessagesToThisUser]: 'Cannot send messages to this user',
  [ErrorCode.MissingPermissions]: ErrorMessage.MissingPermissions,
};

/** Default status messages. */
const MESSAGES_BY_STATUS: Readonly<Record<number, string>> = {
  401: ErrorMessage.Unauthorized,
  403: ErrorMessage.MissingPermissions,
  404: ErrorMessage.NotFound,
  500: ErrorMessage.InternalServerError,
  502: ErrorMessage.BadGateway,
  503: ErrorMessage.ServiceUnavailable,
};

/** The JSON error body of an injected fault: `code` defaults to 50013 for 403 and 0 otherwise. */
function defaultFaultBody(spec: FaultSpec, status: number): { message: string; code: number } {
  const code = spec.code ?? (status === 403 ? ErrorCode.MissingPermissions : 0);
  const message = spec.message ?? MESSAGES_BY_CODE[code] ?? MESSAGES_BY_STATUS[status] ?? `${status}: Fake error`;
  return { message, code };
}

/** Default `retry_after` of an injected 429 (seconds). */
const DEFAULT_RETRY_AFTER_SECONDS = 0.05;

/** Reads the request body. */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Parses a JSON or multipart body; multipart `payload_json` becomes the body, files are collected. */
async function parseBody(contentType: string, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    const files: RecordedFile[] = [];
    let body: Record<string, unknown> = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = { ...body, ...asRecord(JSON.parse(value)) };
        else body[field] = value;
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: data.length, data });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) {
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      throw new ApiError(400, 50_109, 'The request body contains invalid JSON.');
    }
  }
  return { body: text, files: [] };
}

/** Splits and percent-decodes a path. */
function decodeSegments(path: string): string[] | null {
  try {
    return path.split('/').slice(1).map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}

/**
 * Starts a fake Discord on 127.0.0.1 with an ephemeral port.
 * @param options configuration; everything has a default.
 * @returns the running fake; call `close()` when done.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const nextId: SnowflakeGenerator = createSnowflakeGenerator();
  const signal = new ChangeSignal();
  const token = options.token ?? DEFAULT_TOKEN;
  const applicationId = options.applicationId ?? nextId();
  const log = options.log ?? (() => undefined);
  const checkRestAuth = options.checkRestAuth ?? true;
  const echoBotMessages = options.echoBotMessages ?? true;
  const ackDeadlineMs = options.interactionAckDeadlineMs ?? DEFAULT_INTERACTION_ACK_DEADLINE_MS;
  let origin = '';

  const botUser: APIUser = { ...buildUser(applicationId, options.botUsername ?? 'storybot'), global_name: null, bot: true };
  const defaultUser = buildUser(nextId(), options.defaultUsername ?? 'tester');
  const store = new FakeStore(nextId, () => origin);
  store.addUser(botUser);
  store.addUser(defaultUser);
  const guilds = (options.guilds ?? [{}]).map((guildOptions) => buildGuild({ botUser, defaultUser, nextId, applicationId }, guildOptions));
  for (const guild of guilds) store.addGuild(guild);
  const commands = new CommandStore(applicationId, nextId);

  let application: APIApplication = {
    id: applicationId,
    name: botUser.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    bot: botUser,
    summary: '',
    verify_key: '0'.repeat(64),
    team: null,
    flags: ApplicationFlags.GatewayMessageContentLimited,
    flags_new: String(ApplicationFlags.GatewayMessageContentLimited),
    owner: guilds[0] ? (store.user(guilds[0].ownerId) ?? defaultUser) : defaultUser,
    approximate_guild_count: guilds.length,
  };

  const gateway = new FakeGateway({
    token,
    botUser,
    applicationId,
    applicationFlags: application.flags,
    guilds: () => guilds.map((guild) => guild.payload),
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
    baseUrl: () => origin.replace(/^http/, 'ws'),
    signal,
  });

  const messageIntent = (guildId: string | null): IntentRequirement =>
    guildId === null
      ? { intent: GatewayIntentBits.DirectMessages, name: 'DirectMessages' }
      : { intent: GatewayIntentBits.GuildMessages, name: 'GuildMessages' };

  const echo: MessageEcho = (event, message) => {
    if (!echoBotMessages || gateway.sessionId === null) return;
    const channel = store.channel(message.channel_id);
    if (!channel) return;
    const guildFields = channel.guildId === null ? {} : { guild_id: channel.guildId };
    const requirement = messageIntent(channel.guildId);
    if (event === 'delete') {
      gateway.dispatch(GatewayDispatchEvents.MessageDelete, { id: message.id, channel_id: message.channel_id, ...guildFields }, requirement);
      return;
    }
    const member = channel.guildId === null ? undefined : guilds.find((g) => g.id === channel.guildId)?.payload.members.find((m) => m.user.id === message.author.id);
    const memberFields = member ? { member: { ...member, user: undefined } } : {};
    const data = { ...message, ...guildFields, ...memberFields, channel_type: channel.type };
    gateway.dispatch(event === 'create' ? GatewayDispatchEvents.MessageCreate : GatewayDispatchEvents.MessageUpdate, data, requirement);
  };

  const requests: MutableRecord[] = [];
  const unknownRoutes: RecordedRequest[] = [];
  const internalErrors: Error[] = [];
  const faults: ActiveFault[] = [];
  const pendingDelays = new Set<() => void>();
  let closed = false;

  const describeRecent = (count = 10): string => {
    const lines = requests.slice(-count).map((r) => `  #${r.seq} ${r.method} ${r.path} -> ${r.status ?? 'pending'}${r.fault ? ` (fault: ${r.fault})` : ''}`);
    return lines.length > 0 ? lines.join('\n') : '  (no requests)';
  };

  const interactions = new InteractionRegistry({ store, applicationId, botUser, signal, echo, describeRecent: () => describeRecent() });

  const router = new Router(
    createRoutes({
      store,
      commands,
      interactions,
      guilds,
      botUser,
      application: () => application,
      patchApplication: (patch) => {
        application = { ...application, ...patch, id: application.id } as APIApplication;
        return application;
      },
      gatewayUrl: () => `${origin.replace(/^http/, 'ws')}${GATEWAY_PATH}`,
      echo,
      enforcePermissions: options.enforcePermissions ?? true,
    }),
  );

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (closed) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        pendingDelays.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pendingDelays.add(done);
    });

  const respond = (record: MutableRecord, response: ServerResponse, result: RouteResult, headers: Record<string, string> = {}): void => {
    record.status = result.status;
    record.response = result.body ?? null;
    record.respondedAt = Date.now();
    log(`${record.method} ${record.path} -> ${result.status}${record.fault ? ` [${record.fault}]` : ''}`);
    if (!response.destroyed && !response.writableEnded) {
      if (result.status === 204 || result.body === undefined) {
        response.writeHead(result.status, headers).end();
      } else {
        response.writeHead(result.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(result.body));
      }
    }
    signal.notify();
  };

  const findFault = (method: string, path: string, template: string | null): ActiveFault | undefined =>
    faults.find((fault) => {
      if (fault.remaining <= 0) return false;
      if (fault.spec.method !== undefined && fault.spec.method.toUpperCase() !== method) return false;
      const pattern = fault.spec.path;
      return typeof pattern === 'string' ? pattern === path || pattern === template : pattern.test(path);
    });

  const applyFault = async (fault: ActiveFault, record: MutableRecord, request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    fault.hits += 1;
    fault.remaining -= 1;
    const spec = fault.spec;
    const label = [spec.status ?? 'delay', spec.delayMs ? `+${spec.delayMs}ms` : '', spec.resetConnection ? 'reset' : ''].filter(Boolean).join(' ');
    record.fault = String(label);
    if (spec.delayMs) await delay(spec.delayMs);
    if (spec.resetConnection) {
      log(`${record.method} ${record.path} -> connection reset [fault]`);
      request.socket.destroy();
      signal.notify();
      return true;
    }
    if (spec.status === undefined) return false;
    if (spec.status === 429) {
      const retryAfter = spec.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS;
      const isGlobal = spec.global === true;
      const headers: Record<string, string> = {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
        'x-ratelimit-reset-after': String(retryAfter),
        'x-ratelimit-bucket': `fake-${record.route ?? record.path}`.replace(/[^A-Za-z0-9-]/g, '-'),
        'x-ratelimit-scope': spec.scope ?? (isGlobal ? 'global' : 'user'),
        ...(isGlobal ? { 'x-ratelimit-global': 'true' } : {}),
      };
      respond(record, response, { status: 429, body: spec.body ?? { message: spec.message ?? ErrorMessage.RateLimited, retry_after: retryAfter, global: isGlobal, ...(spec.code === undefined ? {} : { code: spec.code }) } }, headers);
      return true;
    }
    respond(record, response, { status: spec.status, body: spec.body ?? defaultFaultBody(spec, spec.status) });
    return true;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', origin);
    const method = (request.method ?? 'GET').toUpperCase();

    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const attachment = store.attachment(url.pathname);
      if (attachment) response.writeHead(200, { 'content-type': attachment.contentType }).end(attachment.data);
      else response.writeHead(404).end();
      return;
    }

    const prefix = new RegExp(`^${API_PATH_PREFIX}/v(\\d+)(/.*)$`).exec(url.pathname);
    const version = prefix ? Number(prefix[1]) : null;
    const relativeRaw = prefix?.[2] ?? url.pathname;
    const segments = decodeSegments(relativeRaw);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
    const record: MutableRecord = {
      seq: requests.length + 1,
      method,
      rawPath: url.pathname,
      path: segments ? `/${segments.join('/')}` : relativeRaw,
      route: null,
      query: Object.fromEntries(url.searchParams),
      headers,
      authorized: request.headers.authorization === `Bot ${token}`,
      body: null,
      files: [],
      receivedAt: Date.now(),
      status: null,
      response: null,
      fault: null,
      respondedAt: null,
    };
    requests.push(record);
    try {
      const parsed = await parseBody(request.headers['content-type'] ?? '', raw);
      record.body = parsed.body;
      record.files = parsed.files;
    } catch (error) {
      respond(record, response, error instanceof ApiError ? { status: error.status, body: error.toJSON() } : { status: 400, body: { message: String(error), code: 0 } });
      return;
    }
    interactions.attribute(record);

    if (version !== API_VERSION || !segments) {
      unknownRoutes.push(record);
      const hint =
        version === null
          ? `expected paths under ${API_PATH_PREFIX}/v${API_VERSION}; pass rest.api = "${origin}${API_PATH_PREFIX}" (discord.js appends /v${API_VERSION})`
          : version !== API_VERSION
            ? `the fake only serves API v${API_VERSION}`
            : 'malformed percent-encoding in the path';
      respond(record, response, { status: 404, body: { message: `${ErrorMessage.NotFound} (${hint})`, code: 0 } });
      return;
    }
    const match = router.match(method, segments);
    if (match.kind === 'found') record.route = `${method} ${match.route.template}`;
    const fault = findFault(method, record.path, match.kind === 'found' ? match.route.template : null);
    if (fault && (await applyFault(fault, record, request, response))) return;

    if (match.kind !== 'found') {
      unknownRoutes.push(record);
      respond(
        record,
        response,
        match.kind === 'method-not-allowed'
          ? { status: 405, body: { message: ErrorMessage.MethodNotAllowed, code: 0 } }
          : { status: 404, body: { message: ErrorMessage.NotFound, code: 0 } },
      );
      return;
    }
    if (match.route.auth && checkRestAuth && !record.authorized) {
      respond(record, response, { status: 401, body: { message: ErrorMessage.Unauthorized, code: 0 } });
      return;
    }
    try {
      respond(record, response, match.route.handle({ params: match.params, query: record.query, body: record.body, files: record.files }));
    } catch (error) {
      if (error instanceof ApiError) {
        respond(record, response, { status: error.status, body: error.toJSON() });
      } else {
        const failure = error instanceof Error ? error : new Error(String(error));
        internalErrors.push(failure);
        respond(record, response, { status: 500, body: { message: `${ErrorMessage.InternalServerError} (fake bug: ${failure.message})`, code: 0 } });
      }
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      internalErrors.push(error instanceof Error ? error : new Error(String(error)));
      if (!response.headersSent && !response.destroyed) response.writeHead(500).end();
    });
  });
  server.on('upgrade', (request, socket, head: Buffer) => {
    if (!gateway.handleUpgrade(request, socket, head)) socket.destroy();
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const requireChannel = (channelId: string) => {
    const channel = store.channel(channelId);
    if (!channel) throw new Error(`fake discord: unknown channel ${channelId}`);
    return channel;
  };

  const fake: FakeDiscord = {
    apiUrl: `${origin}${API_PATH_PREFIX}`,
    gatewayUrl: `${origin.replace(/^http/, 'ws')}${GATEWAY_PATH}`,
    resumeGatewayUrl: `${origin.replace(/^http/, 'ws')}${RESUME_GATEWAY_PATH}`,
    port,
    token,
    applicationId,
    botUser,
    defaultUser,
    guilds,
    nextId,
    get guild(): FakeGuild {
      const first = guilds[0];
      if (!first) throw new Error('fake discord: no guild configured');
      return first;
    },
    requests,
    unknownRoutes,
    internalErrors,
    gateway,
    get interactions() {
      return interactions.all;
    },
    signal,
    dmChannelId: (user) => store.ensureDm(user).id,
    findCommandId: (name: string, type: ApplicationCommandType, guildId?: string) => commands.findId(name, type, guildId),
    globalCommands: () => commands.global,
    guildCommands: (guildId) => commands.guild(guildId),
    sendInteraction(payload, sendOptions = {}) {
      if (payload.application_id !== applicationId) {
        throw new Error(`fake discord: interaction application_id ${payload.application_id} is not the fake's ${applicationId}`);
      }
      const user = payload.member?.user ?? payload.user;
      if (user) store.addUser(user);
      const channel = payload.channel;
      if (channel && payload.guild_id === undefined && payload.context === InteractionContextType.BotDM && user) store.ensureDm(user, channel.id);
      const known = (message: APIMessage) => store.channel(message.channel_id) && !store.message(message.channel_id, message.id);
      if ('message' in payload && payload.message && known(payload.message)) store.putMessage(payload.message);
      if (payload.type === InteractionType.ApplicationCommand && 'resolved' in payload.data && payload.data.resolved && 'messages' in payload.data.resolved) {
        for (const message of Object.values(payload.data.resolved.messages ?? {})) if (known(message)) store.putMessage(message);
      }
      const record = interactions.add(payload, sendOptions.ackDeadlineMs ?? ackDeadlineMs);
      const result = gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
      record.sequence = result.sequence;
      log(`INTERACTION_CREATE ${payload.id} -> ${result.outcome} (seq ${String(result.sequence)})`);
      return record;
    },
    sendMessage(payload) {
      const guildId = payload.guild_id ?? null;
      store.addUser(payload.author);
      if (guildId === null) store.ensureDm(payload.author, payload.channel_id);
      else requireChannel(payload.channel_id);
      const { guild_id: _guild, member: _member, channel_type: _type, ...message } = payload;
      store.putMessage(message);
      const mentionsBot = payload.mentions.some((user) => user.id === botUser.id);
      const blank = guildId !== null && !mentionsBot && !gateway.hasIntent(GatewayIntentBits.MessageContent);
      const data = blank ? { ...payload, content: '', embeds: [], attachments: [], components: [] } : payload;
      const dispatch = gateway.dispatch(GatewayDispatchEvents.MessageCreate, data, messageIntent(guildId));
      log(`MESSAGE_CREATE ${payload.id} -> ${dispatch.outcome}${dispatch.reason ? ` (${dispatch.reason})` : ''}`);
      return { message, dispatch };
    },
    dispatch: (event, data) => gateway.dispatch(event, data),
    dropGateway: () => gateway.drop(),
    closeGateway: (code, reason) => gateway.close(code, reason),
    fault(spec) {
      const active: ActiveFault = { spec: { ...spec }, hits: 0, remaining: spec.times ?? 1 };
      faults.push(active);
      return {
        spec: active.spec,
        get hits() {
          return active.hits;
        },
        get remaining() {
          return Math.max(0, active.remaining);
        },
        remove() {
          const index = faults.indexOf(active);
          if (index >= 0) faults.splice(index, 1);
        },
      };
    },
    clearFaults() {
      faults.length = 0;
    },
    messages: (channelId) => [...(store.channel(channelId)?.messages.values() ?? [])],
    message: (channelId, messageId) => store.message(channelId, messageId),
    pins: (channelId) => store.pins(channelId).map((entry) => entry.message),
    seedMessage(channelId, seedOptions = {}) {
      requireChannel(channelId);
      const message = buildMessage({ nextId, defaultUser }, { author: botUser, ...seedOptions, channelId });
      store.putMessage(message);
      return message;
    },
    seedPins(channelId, count) {
      return Array.from({ length: count }, (_, index) => {
        const message = fake.seedMessage(channelId, { content: `Pinned message ${index + 1}` });
        store.pin(channelId, message.id);
        return store.message(channelId, message.id) ?? message;
      });
    },
    createUser(username) {
      const user = buildUser(nextId(), username);
      store.addUser(user);
      return user;
    },
    uploadAttachment(file) {
      const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
      return store.upload(file.filename, file.contentType ?? contentTypeOf(file.filename), data);
    },
    waitForRequest(predicate, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
      return waitUntil(() => requests.find((r) => r.status !== null && predicate(r)), {
        timeoutMs,
        description: 'a matching REST request',
        signal,
        diagnostics: () => `recent requests:\n${describeRecent()}`,
      });
    },
    env: () => ({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: applicationId, DISCORD_API_URL: `${origin}${API_PATH_PREFIX}` }),
    describeRecent,
    async close() {
      if (closed) return;
      closed = true;
      for (const release of [...pendingDelays]) release();
      await gateway.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** The content type Discord's CDN gives a file by its extension (text kinds with UTF-8). */
function contentTypeOf(filename: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const types: Record<string, string> = { html: 'text/html', htm: 'text/html', txt: 'text/plain', md: 'text/markdown', json: 'application/json', png: 'image/png', pdf: 'application/pdf' };
  const type = types[extension] ?? 'application/octet-stream';
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

/** Whether a message is ephemeral. */
export function isEphemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

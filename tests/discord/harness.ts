/**
 * A real discord.js Client whose REST requests are intercepted in-process (`makeRequest`), fed
 * real Discord payload shapes through discord.js's own gateway actions, and routed by storybot's
 * router. Unit/integration level: the loopback fake Discord (testing/fake-discord) is for the
 * end-to-end tests.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  type Client,
  ClientUser,
  ComponentType,
  Events,
  type Interaction,
  InteractionContextType,
  InteractionType,
  type Message,
  PermissionFlagsBits,
} from 'discord.js';
import commands from '../../commands/index.ts';
import { createClient } from '../../src/discord/client.ts';
import type { AnyCommand, CorpusAccess } from '../../src/discord/command.ts';
import { type CooldownStore, SlidingWindowCooldown } from '../../src/discord/cooldown.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { createRouter, type Router } from '../../src/discord/router.ts';
import type { FeedbackPort } from '../../src/store/feedback-port.ts';
import { Story } from '../../src/story.ts';

export const APP_ID = '100000000000000001';
export const USER_ID = '200000000000000002';
export const OTHER_USER_ID = '200000000000000099';
export const GUILD_ID = '300000000000000003';
export const CHANNEL_ID = '400000000000000004';
export const DM_CHANNEL_ID = '400000000000000005';
export const TOKEN = 'interaction-token';

export const BOT_USER = { id: APP_ID, username: 'storybot', discriminator: '0', global_name: null, avatar: null, bot: true };
export const userOf = (id: string) => ({ id, username: `member${id.slice(-2)}`, discriminator: '0', global_name: null, avatar: null });

/** Everything the bot needs in a channel to post and pin. */
export const BOT_ALL_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.PinMessages;
/** An ordinary member: can talk, cannot pin. */
export const MEMBER_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseApplicationCommands;
/** A moderator: may pin. */
export const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.PinMessages;

/** The story every test uses: the real seed article. */
export const story = Story.load('corpus');

/** One request the bot sent to Discord's REST API. */
export interface RecordedRequest {
  /** The full URL requested (base URL included). */
  url: string;
  method: string;
  /** Path after /api/v10, without the query. */
  path: string;
  query: string;
  /** Parsed JSON body, if any. */
  body: unknown;
}

type Reply = { status: number; body?: unknown };
type Handler = (request: RecordedRequest) => Reply | undefined;

const DISCORD_EPOCH = 1_420_070_400_000n;
let sequence = 0n;
/** A fresh snowflake stamped now, as Discord makes them (so latency and age logs are sane). */
export function snowflake(): string {
  sequence = (sequence + 1n) % 4096n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | sequence);
}

/** A Discord API error response with a JSON error code. */
export function apiError(status: number, code: number, message: string): Reply {
  return { status, body: { code, message } };
}

/** A raw message as Discord returns it. */
export function rawMessage(fields: { id?: string; channel_id?: string; author?: object; content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number; guild_id?: string; pinned?: boolean }) {
  return {
    id: fields.id ?? snowflake(),
    channel_id: fields.channel_id ?? CHANNEL_ID,
    author: fields.author ?? BOT_USER,
    content: fields.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: fields.embeds ?? [],
    components: fields.components ?? [],
    pinned: fields.pinned ?? false,
    type: 0,
    flags: fields.flags ?? 0,
    ...(fields.guild_id ? { guild_id: fields.guild_id } : {}),
  };
}

/** Intercepts the client's REST calls: records each, answers from handlers or sensible defaults. */
export class RestRecorder {
  readonly requests: RecordedRequest[] = [];
  readonly #handlers: { method: string; path: RegExp; handler: Handler }[] = [];

  /** Answers `method path` with `handler` (first match wins, newest first). */
  on(method: string, path: RegExp, handler: Handler | Reply): this {
    this.#handlers.unshift({ method, path, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  /** Requests whose method and path match. */
  find(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  /** Every request that carried a message body (content, embeds or components). */
  messageBodies(): { request: RecordedRequest; body: Record<string, unknown> }[] {
    return this.requests.flatMap((request) => {
      const outer = request.body as Record<string, unknown> | null;
      const data = (outer && typeof outer.data === 'object' ? outer.data : outer) as Record<string, unknown> | null;
      if (!data || !('embeds' in data || 'content' in data || 'components' in data)) return [];
      return [{ request, body: data }];
    });
  }

  readonly makeRequest = async (url: string, init: RequestInit): Promise<Response> => {
    const parsed = new URL(url);
    const path = decodeURIComponent(parsed.pathname).replace(/^\/api\/v\d+/, '');
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request: RecordedRequest = { url, method: init.method ?? 'GET', path, query: parsed.search, body };
    this.requests.push(request);
    for (const { method, path: pattern, handler } of this.#handlers) {
      if (method !== request.method || !pattern.test(path)) continue;
      const reply = handler(request);
      if (reply) return respondWith(reply);
    }
    return respondWith(defaultReply(request));
  };
}

function respondWith(reply: Reply): Response {
  if (reply.body === undefined) return new Response(null, { status: reply.status });
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
}

/** What Discord answers when a test does not say otherwise. */
function defaultReply(request: RecordedRequest): Reply {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path)) return { status: 204 };
  const webhook = /^\/webhooks\/(\d+)\/[^/]+(?:\/messages\/(@original|\d+))?$/.exec(request.path);
  if (webhook) {
    if (request.method === 'DELETE') return { status: 204 };
    return { status: 200, body: rawMessage({ id: webhook[2] === '@original' ? snowflake() : undefined, ...body }) };
  }
  const channelMessages = /^\/channels\/(\d+)\/messages$/.exec(request.path);
  if (channelMessages && request.method === 'POST') return { status: 200, body: rawMessage({ channel_id: channelMessages[1], guild_id: GUILD_ID, ...body }) };
  if (/^\/channels\/\d+\/messages\/pins$/.test(request.path)) return { status: 200, body: { items: [], has_more: false } };
  if (request.method === 'PUT' || request.method === 'DELETE') return { status: 204 };
  return { status: 404, body: { code: 0, message: `test harness: no handler for ${request.method} ${request.path}` } };
}

/** One log line the router wrote. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A client, a router over the real commands and real story, a REST recorder and a log. */
export interface Harness {
  client: Client;
  router: Router;
  rest: RestRecorder;
  logs: LogLine[];
  /** Sends a raw INTERACTION_CREATE payload through discord.js and the router; resolves when handled. */
  interact(raw: object): Promise<Interaction>;
  /** Sends a raw MESSAGE_CREATE payload through discord.js and the router. */
  message(raw: object): Promise<Message | undefined>;
}

/** Builds a harness. `cooldowns` defaults to a generous window so tests do not trip it. */
export function createHarness(
  options: { cooldowns?: CooldownStore; commands?: readonly AnyCommand[]; feedback?: FeedbackPort; story?: Story; liveStory?: { readonly current: Story }; corpus?: CorpusAccess } = {},
): Harness {
  const rest = new RestRecorder();
  const client = createClient({ rest: { makeRequest: rest.makeRequest as never, globalRequestsPerSecond: 1_000_000, offset: 0, retries: 0, timeout: 5_000 } });
  client.rest.setToken('test-bot-token');
  // As after READY: the bot's own user (pinned summaries are found by its author id).
  (client as { user: ClientUser | null }).user = new (ClientUser as unknown as new (client: Client, data: object) => ClientUser)(client, BOT_USER);
  // As after GUILD_CREATE (the Guilds intent): the server and its text channel are cached.
  (client.guilds as unknown as { _add(data: object): unknown })._add({
    id: GUILD_ID,
    name: 'Newsroom',
    icon: null,
    owner_id: OTHER_USER_ID,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    channels: [{ id: CHANNEL_ID, type: ChannelType.GuildText, name: 'news', guild_id: GUILD_ID, position: 0, permission_overwrites: [] }],
    members: [],
  });
  const logs: LogLine[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const router = createRouter({
    commands: options.commands ?? commands,
    story: options.story ?? story,
    liveStory: options.liveStory,
    cooldowns: options.cooldowns ?? new SlidingWindowCooldown({ limit: 1_000, windowMs: 1_000 }),
    logger,
    feedback: options.feedback,
    corpus: options.corpus,
  });
  const actions = (client as unknown as { actions: Record<string, { handle(data: object): unknown }> }).actions;

  return {
    client,
    router,
    rest,
    logs,
    async interact(raw) {
      let created: Interaction | undefined;
      const capture = (interaction: Interaction) => (created = interaction);
      client.once(Events.InteractionCreate, capture);
      actions.InteractionCreate?.handle(raw);
      client.off(Events.InteractionCreate, capture);
      if (!created) throw new Error('discord.js did not accept the interaction payload');
      await router.handleInteraction(created);
      return created;
    },
    async message(raw) {
      let created: Message | undefined;
      const capture = (message: Message) => (created = message);
      client.once(Events.MessageCreate, capture);
      actions.MessageCreate?.handle(raw);
      client.off(Events.MessageCreate, capture);
      if (created) await router.handleMessage(created);
      return created;
    },
  };
}

/** Where an interaction happens. */
export type Place = 'guild' | 'dm' | 'group-dm';

interface InteractionShape {
  place?: Place;
  /** Installed by the member only (a user install), not by the server. */
  userInstall?: boolean;
  user?: string;
  memberPermissions?: bigint;
  appPermissions?: bigint;
}

function envelope(type: InteractionType, data: object, shape: InteractionShape & { message?: object }) {
  const place = shape.place ?? 'guild';
  const user = userOf(shape.user ?? USER_ID);
  const common = {
    id: snowflake(),
    application_id: APP_ID,
    type,
    data,
    token: TOKEN,
    version: 1,
    locale: 'en-GB',
    app_permissions: String(shape.appPermissions ?? BOT_ALL_PERMISSIONS),
    entitlements: [],
    attachment_size_limit: 10_485_760,
    ...(shape.message ? { message: shape.message } : {}),
  };
  if (place === 'guild') {
    return {
      ...common,
      guild_id: GUILD_ID,
      guild_locale: 'en-GB',
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: ChannelType.GuildText, name: 'news', guild_id: GUILD_ID, position: 0, permission_overwrites: [] },
      member: { user, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, permissions: String(shape.memberPermissions ?? MEMBER_PERMISSIONS) },
      context: InteractionContextType.Guild,
      authorizing_integration_owners: shape.userInstall ? { '1': user.id } : { '0': GUILD_ID },
    };
  }
  if (place === 'dm') {
    return {
      ...common,
      user,
      channel_id: DM_CHANNEL_ID,
      channel: { id: DM_CHANNEL_ID, type: ChannelType.DM, recipients: [user], last_message_id: null },
      context: InteractionContextType.BotDM,
      authorizing_integration_owners: { '1': user.id },
    };
  }
  return {
    ...common,
    user,
    channel_id: '400000000000000077',
    channel: { id: '400000000000000077', type: ChannelType.GroupDM, name: null, recipients: [user, userOf(OTHER_USER_ID)], last_message_id: null },
    context: InteractionContextType.PrivateChannel,
    authorizing_integration_owners: { '1': user.id },
  };
}

/** A raw option for a slash command payload. */
export type RawOption = { name: string; type: ApplicationCommandOptionType; value: string | boolean; focused?: boolean };

/** Shorthands for raw options. */
export const text = (name: string, value: string, focused = false): RawOption => ({ name, type: ApplicationCommandOptionType.String, value, ...(focused ? { focused } : {}) });
export const flag = (name: string, value: boolean): RawOption => ({ name, type: ApplicationCommandOptionType.Boolean, value });

/** A raw slash command interaction. */
export function slash(name: string, options: RawOption[] = [], shape: InteractionShape = {}) {
  return envelope(InteractionType.ApplicationCommand, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options }, shape);
}

/** A raw autocomplete interaction (mark the focused option with `text(name, value, true)`). */
export function autocomplete(name: string, options: RawOption[], shape: InteractionShape = {}) {
  return envelope(InteractionType.ApplicationCommandAutocomplete, { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options }, shape);
}

/** A raw button press on `message`. */
export function buttonPress(customId: string, message: object, shape: InteractionShape = {}) {
  return envelope(InteractionType.MessageComponent, { custom_id: customId, component_type: ComponentType.Button }, { ...shape, message });
}

/** A raw choice in a select menu on `message`. */
export function selectChoice(customId: string, values: string[], message: object, shape: InteractionShape = {}) {
  return envelope(InteractionType.MessageComponent, { custom_id: customId, component_type: ComponentType.StringSelect, values }, { ...shape, message });
}

/** A raw message context menu interaction on a message with `content`. */
export function messageMenu(name: string, target: { content: string; embeds?: unknown[] }, shape: InteractionShape = {}) {
  const place = shape.place ?? 'guild';
  const id = snowflake();
  const message = rawMessage({ id, author: userOf(OTHER_USER_ID), content: target.content, embeds: target.embeds ?? [], channel_id: place === 'guild' ? CHANNEL_ID : DM_CHANNEL_ID });
  return envelope(InteractionType.ApplicationCommand, { id: snowflake(), name, type: ApplicationCommandType.Message, target_id: id, resolved: { messages: { [id]: message } } }, shape);
}

/** A raw MESSAGE_CREATE in the DM with the bot. */
export function directMessage(content: string, author: object = userOf(USER_ID)) {
  return { ...rawMessage({ author, content, channel_id: DM_CHANNEL_ID }), channel_type: ChannelType.DM };
}

/** The interaction callback bodies sent (type 4 = reply, 5 = defer, 7 = update). */
export function callbacks(rest: RestRecorder): { type: number; data?: Record<string, unknown> }[] {
  return rest.find('POST', /^\/interactions\/\d+\/[^/]+\/callback$/).map((request) => request.body as { type: number; data?: Record<string, unknown> });
}

/** The first embed of a message body. */
export function embedOf(body: Record<string, unknown> | undefined): { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] } {
  const embeds = (body?.embeds ?? []) as { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }[];
  const first = embeds[0];
  if (!first) throw new Error(`no embed in ${JSON.stringify(body)}`);
  return first;
}

/** The final interaction log line (one per interaction). */
export function interactionLogs(logs: LogLine[]): LogLine[] {
  return logs.filter((line) => line.msg === 'interaction' || line.msg === 'message');
}

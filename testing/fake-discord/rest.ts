/**
 * The REST routes of the fake (paths relative to `/api/v10`, matched after percent-decoding each
 * segment, so `/webhooks/1/t/messages/%40original` and `.../@original` are the same route).
 */
import { PermissionFlagsBits } from 'discord.js';
import type { APIApplication, APIMessage, APIUser, GatewayGuildCreateDispatchData } from 'discord.js';
import type { CommandStore } from './commands.ts';
import {
  DEFAULT_MESSAGES_PAGE_SIZE,
  ErrorCode,
  ErrorMessage,
  MAX_MESSAGES_PAGE_SIZE,
  MAX_PINS_PAGE_SIZE,
} from './constants.ts';
import type { InteractionRegistry, MessageEcho, RouteResult } from './interactions.ts';
import { computePermissions, memberRoles } from './payloads.ts';
import type { FakeGuild } from './payloads.ts';
import { ApiError, asRecord, formError, validateMessageBody } from './store.ts';
import type { ChannelRecord, FakeStore } from './store.ts';
import type { RecordedFile } from './types.ts';

/** What a route handler receives. */
export interface RouteContext {
  /** Path parameters by name (decoded). */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body (or `payload_json` of a multipart body). */
  readonly body: unknown;
  /** Uploaded files. */
  readonly files: readonly RecordedFile[];
}

/** A route of the fake. */
export interface Route {
  /** HTTP method. */
  readonly method: string;
  /** Template such as `/channels/:channel/messages/:message`. */
  readonly template: string;
  /** Whether a bot token is required (false for interaction callbacks and interaction webhooks). */
  readonly auth: boolean;
  /** The handler. */
  readonly handle: (context: RouteContext) => RouteResult;
}

/** Result of matching a path against the routes. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed' }
  | { readonly kind: 'not-found' };

/** Compiled route. */
interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

/** Matches decoded path segments against routes; literal templates win by declaration order. */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({ route, segments: route.template.split('/').slice(1) }));
  }

  /** All routes. */
  get routes(): readonly Route[] {
    return this.#routes.map((compiled) => compiled.route);
  }

  /** Finds the route for `method` and decoded `segments`. */
  match(method: string, segments: readonly string[]): RouteMatch {
    let pathMatched = false;
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled.segments, segments);
      if (!params) continue;
      if (compiled.route.method !== method) {
        pathMatched = true;
        continue;
      }
      return { kind: 'found', route: compiled.route, params };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}

/** Matches template segments (`:name` = parameter) against path segments. */
function matchSegments(template: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (template.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index += 1) {
    const expected = template[index] ?? '';
    const actual = segments[index] ?? '';
    if (expected.startsWith(':')) {
      if (actual === '') return null;
      params[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

/** Everything the REST routes need. */
export interface RestDeps {
  readonly store: FakeStore;
  readonly commands: CommandStore;
  readonly interactions: InteractionRegistry;
  readonly guilds: readonly FakeGuild[];
  readonly botUser: APIUser;
  readonly application: () => APIApplication;
  readonly patchApplication: (patch: Record<string, unknown>) => APIApplication;
  readonly gatewayUrl: () => string;
  readonly echo: MessageEcho;
  /** Whether guild channel routes check the bot's computed permissions. */
  readonly enforcePermissions: boolean;
}

/** Parses an integer query parameter within [min, max], or the default. */
function intParam(query: Readonly<Record<string, string>>, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw formError([name], 'NUMBER_TYPE_MAX', `Must be between ${min} and ${max}.`);
  }
  return value;
}

/** Creates the route table. */
export function createRoutes(deps: RestDeps): Route[] {
  const { store, commands, interactions } = deps;

  const guildOf = (guildId: string): FakeGuild => {
    const guild = deps.guilds.find((g) => g.id === guildId);
    if (!guild) throw new ApiError(404, ErrorCode.UnknownGuild, ErrorMessage.UnknownGuild);
    return guild;
  };

  /** A channel the bot can see, checking `required` permission bits in guild channels. */
  const channelFor = (channelId: string, required: bigint, anyOf: bigint = 0n): ChannelRecord => {
    const channel = store.channel(channelId);
    if (!channel) throw new ApiError(404, ErrorCode.UnknownChannel, ErrorMessage.UnknownChannel);
    if (channel.guildId === null || !deps.enforcePermissions) return channel;
    const guild = guildOf(channel.guildId);
    const permissions = computePermissions(guild, deps.botUser.id, memberRoles(guild, deps.botUser.id), channelId);
    if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) {
      throw new ApiError(403, ErrorCode.MissingAccess, 'Missing Access');
    }
    if ((permissions & required) !== required || (anyOf !== 0n && (permissions & anyOf) === 0n)) {
      throw new ApiError(403, ErrorCode.MissingPermissions, ErrorMessage.MissingPermissions);
    }
    return channel;
  };

  const messageIn = (channel: ChannelRecord, messageId: string): APIMessage => {
    const message = channel.messages.get(messageId);
    if (!message) throw new ApiError(404, ErrorCode.UnknownMessage, ErrorMessage.UnknownMessage);
    return message;
  };

  const ok = (body: unknown): RouteResult => ({ status: 200, body });
  const noContent: RouteResult = { status: 204 };

  const guildPayload = (guild: FakeGuild): Omit<GatewayGuildCreateDispatchData, 'members' | 'channels' | 'threads' | 'presences' | 'voice_states'> => {
    const { members: _m, channels: _c, threads: _t, presences: _p, voice_states: _v, ...rest } = guild.payload;
    return rest;
  };

  const pin = (channelId: string, messageId: string): RouteResult => {
    const channel = channelFor(channelId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.PinMessages);
    store.pin(channel.id, messageId);
    return noContent;
  };
  const unpin = (channelId: string, messageId: string): RouteResult => {
    const channel = channelFor(channelId, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.PinMessages);
    store.unpin(channel.id, messageId);
    return noContent;
  };

  const scope = (params: Readonly<Record<string, string>>): string | null => {
    const guildId = params['guild'];
    if (guildId === undefined) return null;
    guildOf(guildId);
    return guildId;
  };

  const routes: Route[] = [
    // Gateway discovery.
    { method: 'GET', template: '/gateway', auth: false, handle: () => ok({ url: deps.gatewayUrl() }) },
    {
      method: 'GET',
      template: '/gateway/bot',
      auth: true,
      handle: () =>
        ok({
          url: deps.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        }),
    },
    // Users.
    { method: 'GET', template: '/users/@me', auth: true, handle: () => ok(deps.botUser) },
    {
      method: 'POST',
      template: '/users/@me/channels',
      auth: true,
      handle: ({ body }) => {
        const recipientId = asRecord(body)['recipient_id'];
        if (typeof recipientId !== 'string') throw formError(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        const user = store.user(recipientId);
        if (!user) throw new ApiError(400, ErrorCode.InvalidRecipients, 'Invalid Recipient(s)');
        return ok(store.ensureDm(user).payload);
      },
    },
    {
      method: 'GET',
      template: '/users/:user',
      auth: true,
      handle: ({ params }) => {
        const user = store.user(params['user'] ?? '');
        if (!user) throw new ApiError(404, ErrorCode.UnknownUser, ErrorMessage.UnknownUser);
        return ok(user);
      },
    },
    // Application.
    { method: 'GET', template: '/applications/@me', auth: true, handle: () => ok(deps.application()) },
    { method: 'PATCH', template: '/applications/@me', auth: true, handle: ({ body }) => ok(deps.patchApplication(asRecord(body))) },
    { method: 'GET', template: '/oauth2/applications/@me', auth: true, handle: () => ok(deps.application()) },
    // Application commands (global and guild).
    ...(['/applications/:app/commands', '/applications/:app/guilds/:guild/commands'] as const).flatMap((base): Route[] => [
      { method: 'GET', template: base, auth: true, handle: ({ params }) => ok(commands.list(params['app'] ?? '', scope(params))) },
      { method: 'PUT', template: base, auth: true, handle: ({ params, body }) => ok(commands.overwrite(params['app'] ?? '', scope(params), body)) },
      {
        method: 'POST',
        template: base,
        auth: true,
        handle: ({ params, body }) => {
          const { command, created } = commands.upsert(params['app'] ?? '', scope(params), body);
          return { status: created ? 201 : 200, body: command };
        },
      },
      {
        method: 'GET',
        template: `${base}/:command`,
        auth: true,
        handle: ({ params }) => ok(commands.get(params['app'] ?? '', scope(params), params['command'] ?? '')),
      },
      {
        method: 'PATCH',
        template: `${base}/:command`,
        auth: true,
        handle: ({ params, body }) => ok(commands.edit(params['app'] ?? '', scope(params), params['command'] ?? '', body)),
      },
      {
        method: 'DELETE',
        template: `${base}/:command`,
        auth: true,
        handle: ({ params }) => {
          commands.delete(params['app'] ?? '', scope(params), params['command'] ?? '');
          return noContent;
        },
      },
    ]),
    // Interactions.
    {
      method: 'POST',
      template: '/interactions/:id/:token/callback',
      auth: false,
      handle: ({ params, body, files, query }) =>
        interactions.callback(params['id'] ?? '', params['token'] ?? '', body, files, query['with_response'] === 'true'),
    },
    {
      method: 'POST',
      template: '/webhooks/:app/:token',
      auth: false,
      handle: ({ params, body, files, query }) =>
        interactions.followUp(params['app'] ?? '', params['token'] ?? '', body, files, query['wait'] === 'true'),
    },
    {
      method: 'GET',
      template: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle: ({ params }) => interactions.getMessage(params['app'] ?? '', params['token'] ?? '', params['message'] ?? ''),
    },
    {
      method: 'PATCH',
      template: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle: ({ params, body, files }) =>
        interactions.editMessage(params['app'] ?? '', params['token'] ?? '', params['message'] ?? '', body, files),
    },
    {
      method: 'DELETE',
      template: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle: ({ params }) => interactions.deleteMessage(params['app'] ?? '', params['token'] ?? '', params['message'] ?? ''),
    },
    // Channels.
    {
      method: 'GET',
      template: '/channels/:channel',
      auth: true,
      handle: ({ params }) => ok(channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel).payload),
    },
    {
      method: 'GET',
      template: '/channels/:channel/messages/pins',
      auth: true,
      handle: ({ params, query }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
        const limit = intParam(query, 'limit', MAX_PINS_PAGE_SIZE, 1, MAX_PINS_PAGE_SIZE);
        const before = query['before'] === undefined ? Number.POSITIVE_INFINITY : Date.parse(query['before']);
        if (Number.isNaN(before)) throw formError(['before'], 'DATE_TYPE_PARSE', 'Could not parse the date.');
        const eligible = store.pins(channel.id).filter((entry) => Date.parse(entry.pinnedAt) < before);
        return ok({
          items: eligible.slice(0, limit).map((entry) => ({ pinned_at: entry.pinnedAt, message: entry.message })),
          has_more: eligible.length > limit,
        });
      },
    },
    { method: 'PUT', template: '/channels/:channel/messages/pins/:message', auth: true, handle: ({ params }) => pin(params['channel'] ?? '', params['message'] ?? '') },
    { method: 'DELETE', template: '/channels/:channel/messages/pins/:message', auth: true, handle: ({ params }) => unpin(params['channel'] ?? '', params['message'] ?? '') },
    {
      method: 'GET',
      template: '/channels/:channel/pins',
      auth: true,
      handle: ({ params }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
        return ok(store.pins(channel.id).map((entry) => entry.message));
      },
    },
    { method: 'PUT', template: '/channels/:channel/pins/:message', auth: true, handle: ({ params }) => pin(params['channel'] ?? '', params['message'] ?? '') },
    { method: 'DELETE', template: '/channels/:channel/pins/:message', auth: true, handle: ({ params }) => unpin(params['channel'] ?? '', params['message'] ?? '') },
    {
      method: 'GET',
      template: '/channels/:channel/messages',
      auth: true,
      handle: ({ params, query }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
        const limit = intParam(query, 'limit', DEFAULT_MESSAGES_PAGE_SIZE, 1, MAX_MESSAGES_PAGE_SIZE);
        const newestFirst = [...channel.messages.values()].reverse();
        const before = query['before'];
        const after = query['after'];
        const around = query['around'];
        let selected = newestFirst;
        if (before !== undefined) selected = newestFirst.filter((m) => BigInt(m.id) < BigInt(before));
        else if (after !== undefined) selected = newestFirst.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
        else if (around !== undefined) {
          const index = newestFirst.findIndex((m) => m.id === around);
          const start = Math.max(0, index - Math.floor(limit / 2));
          selected = index < 0 ? [] : newestFirst.slice(start);
        }
        return ok(selected.slice(0, limit));
      },
    },
    {
      method: 'POST',
      template: '/channels/:channel/messages',
      auth: true,
      handle: ({ params, body, files }) => {
        const data = asRecord(body);
        const reply = data['message_reference'] !== undefined;
        let required = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
        if (files.length > 0) required |= PermissionFlagsBits.AttachFiles;
        if (reply) required |= PermissionFlagsBits.ReadMessageHistory;
        const channel = channelFor(params['channel'] ?? '', required);
        validateMessageBody(data, { files });
        const reference = asRecord(data['message_reference']);
        if (reply && typeof reference['message_id'] === 'string' && !channel.messages.has(reference['message_id']) && reference['fail_if_not_exists'] !== false) {
          throw formError(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        }
        const message = store.createMessage({ channelId: channel.id, author: deps.botUser }, data, files);
        store.putMessage(message);
        deps.echo('create', message);
        return ok(message);
      },
    },
    {
      method: 'GET',
      template: '/channels/:channel/messages/:message',
      auth: true,
      handle: ({ params }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
        return ok(messageIn(channel, params['message'] ?? ''));
      },
    },
    {
      method: 'PATCH',
      template: '/channels/:channel/messages/:message',
      auth: true,
      handle: ({ params, body, files }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel);
        const message = messageIn(channel, params['message'] ?? '');
        if (message.author.id !== deps.botUser.id) {
          throw new ApiError(403, ErrorCode.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user');
        }
        const data = asRecord(body);
        validateMessageBody(data, { files, existing: message, existingAttachments: message.attachments.length });
        const edited = store.editMessage(message, data, files);
        store.putMessage(edited);
        deps.echo('update', edited);
        return ok(edited);
      },
    },
    {
      method: 'DELETE',
      template: '/channels/:channel/messages/:message',
      auth: true,
      handle: ({ params }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel);
        const message = messageIn(channel, params['message'] ?? '');
        if (message.author.id !== deps.botUser.id) channelFor(channel.id, PermissionFlagsBits.ManageMessages);
        store.deleteMessage(channel.id, message.id);
        deps.echo('delete', message);
        return noContent;
      },
    },
    {
      method: 'POST',
      template: '/channels/:channel/typing',
      auth: true,
      handle: ({ params }) => {
        channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
        return noContent;
      },
    },
    {
      method: 'PUT',
      template: '/channels/:channel/messages/:message/reactions/:emoji/@me',
      auth: true,
      handle: ({ params }) => {
        const channel = channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.AddReactions);
        messageIn(channel, params['message'] ?? '');
        return noContent;
      },
    },
    {
      method: 'DELETE',
      template: '/channels/:channel/messages/:message/reactions/:emoji/@me',
      auth: true,
      handle: ({ params }) => {
        messageIn(channelFor(params['channel'] ?? '', PermissionFlagsBits.ViewChannel), params['message'] ?? '');
        return noContent;
      },
    },
    // Guilds.
    { method: 'GET', template: '/guilds/:guild', auth: true, handle: ({ params }) => ok(guildPayload(guildOf(params['guild'] ?? ''))) },
    { method: 'GET', template: '/guilds/:guild/channels', auth: true, handle: ({ params }) => ok(guildOf(params['guild'] ?? '').payload.channels) },
    { method: 'GET', template: '/guilds/:guild/roles', auth: true, handle: ({ params }) => ok(guildOf(params['guild'] ?? '').payload.roles) },
    {
      method: 'GET',
      template: '/guilds/:guild/members/:user',
      auth: true,
      handle: ({ params }) => {
        const member = guildOf(params['guild'] ?? '').payload.members.find((m) => m.user.id === params['user']);
        if (!member) throw new ApiError(404, ErrorCode.UnknownMember, 'Unknown Member');
        return ok(member);
      },
    },
  ];
  return routes;
}

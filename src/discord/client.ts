/** Creating the discord.js client with only what storybot needs. */
import { Client, GatewayIntentBits, Partials, type RESTOptions } from 'discord.js';

/**
 * Gateway intents: Guilds (servers, channels, permissions for pinning) and DirectMessages (plain
 * questions sent in a DM). No privileged intent: DM text arrives without MessageContent, and
 * guild messages are not read at all.
 */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages] as const;
/** The Channel partial, without which discord.js drops DMs from uncached DM channels. */
export const BOT_PARTIALS = [Partials.Channel] as const;

/** Options for `createClient`. */
export interface CreateClientOptions {
  /**
   * Base URL of the REST API without the version (`http://host:port/api`; discord.js appends
   * `/v10`). Undefined means Discord's own. The gateway address then comes from that API.
   */
  apiUrl?: string;
  /** Further REST options (tests raise `globalRequestsPerSecond` or intercept `makeRequest`). */
  rest?: Partial<RESTOptions>;
}

/** A client with storybot's intents and partials, mentions off by default, REST injectable. */
export function createClient(options: CreateClientOptions = {}): Client {
  return new Client({
    intents: [...BOT_INTENTS],
    partials: [...BOT_PARTIALS],
    // Every payload also sets this itself (respond.ts); this guards anything that slips past.
    allowedMentions: { parse: [] },
    rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), ...options.rest },
  });
}

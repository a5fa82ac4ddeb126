/** Creating the discord.js client with only what storybot needs. */
import { Client, GatewayIntentBits, Partials, type RESTOptions } from 'discord.js';

/**
 * Gateway intents: Guilds (servers, channels, permissions for pinning), DirectMessages (plain
 * questions sent in a DM) and GuildMessages (a member's reply to the bot's answer that mentions
 * the bot: a follow-up). No privileged intent: without MessageContent, Discord gives the text of
 * DMs and of messages that mention the bot only, and the bot answers nothing else.
 */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessages] as const;
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

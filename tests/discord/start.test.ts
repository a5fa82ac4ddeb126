/** Client creation and bot wiring, without a gateway connection (login: false). */
import { DiscordjsErrorCodes, Events, GatewayIntentBits, IntentsBitField, Partials } from 'discord.js';
import { describe, expect, test } from 'vitest';
import commands from '../../commands/index.ts';
import { rejectedTokenMessage, type Config } from '../../src/config.ts';
import { createClient } from '../../src/discord/client.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { explainLoginError, startBot } from '../../src/discord/start.ts';
import { callbacks, RestRecorder, slash, story } from './harness.ts';

const config: Config = { token: 'unused', corpusDir: 'corpus', cooldown: { limit: 5, windowMs: 30_000 }, logLevel: 'silent' };

describe('createClient', () => {
  test('asks only for Guilds, DirectMessages and GuildMessages (replies to its answers), with the Channel partial; no privileged intent', () => {
    const client = createClient();
    expect(client.options.intents.bitfield).toBe(new IntentsBitField([GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessages]).bitfield);
    for (const privileged of [GatewayIntentBits.MessageContent, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildPresences]) {
      expect(client.options.intents.has(privileged)).toBe(false);
    }
    expect(client.options.partials).toEqual([Partials.Channel]);
    expect(client.options.allowedMentions).toEqual({ parse: [] });
  });

  test('GIVEN DISCORD_API_URL THEN REST requests go there, versioned by discord.js', async () => {
    const rest = new RestRecorder().on('GET', /gateway/, { status: 200, body: { url: 'wss://example', shards: 1, session_start_limit: {} } });
    const client = createClient({ apiUrl: 'http://127.0.0.1:8080/api', rest: { makeRequest: rest.makeRequest as never } });
    client.rest.setToken('t');
    await client.rest.get('/gateway/bot');
    expect(rest.requests[0]?.url).toBe('http://127.0.0.1:8080/api/v10/gateway/bot');
  });
});

describe('startBot', () => {
  test('wires interactionCreate to the router and stops cleanly (twice is fine)', async () => {
    const rest = new RestRecorder();
    const bot = await startBot({ config, story, commands, logger: createLogger('silent'), rest: { makeRequest: rest.makeRequest as never, offset: 0 }, login: false });
    bot.client.rest.setToken('t');
    const handled = new Promise<void>((resolve) => rest.on('POST', /callback$/, () => (resolve(), { status: 204 })));
    (bot.client as unknown as { actions: { InteractionCreate: { handle(data: object): void } } }).actions.InteractionCreate.handle(slash('help'));
    await handled;
    expect(callbacks(rest)).toHaveLength(1);
    expect(bot.client.listenerCount(Events.InteractionCreate)).toBe(1);
    expect(bot.client.listenerCount(Events.MessageCreate)).toBe(1);
    await bot.stop('test');
    await bot.stop('test');
  });
});

describe('explainLoginError', () => {
  test.each([
    // What client.login throws when Discord answers 401 (discord.js's DiscordjsError, code TokenInvalid).
    [Object.assign(new Error('An invalid token was provided.'), { code: DiscordjsErrorCodes.TokenInvalid }), rejectedTokenMessage()],
    [Object.assign(new Error('Unauthorized'), { status: 401 }), rejectedTokenMessage()],
    [new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), 'Could not log in to Discord at https://discord.com/api: connect ECONNREFUSED 127.0.0.1:9. Check your connection and DISCORD_API_URL.'],
  ])('GIVEN %s THEN %j', (error, line) => {
    expect(explainLoginError(error, undefined)).toBe(line);
  });
});

/**
 * Self-test of the fake Discord: a real, unmodified discord.js Client talks to it over loopback
 * sockets (HTTP REST + WebSocket gateway).
 */
import {
  ApplicationCommandType,
  ChannelType,
  DiscordAPIError,
  DiscordjsError,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  HTTPError,
  InteractionContextType,
  InteractionResponseType,
  MessageFlags,
  Routes,
} from 'discord.js';
import type { Client, Interaction, Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  CloseCode,
  dmMessage,
  ErrorCode,
  MAX_PINS_PER_CHANNEL,
  messageContextMenuInteraction,
  option,
  RESUME_GATEWAY_PATH,
} from '../testing/fake-discord/index.ts';
import type { FakeDiscord } from '../testing/fake-discord/index.ts';
import {
  createTestClient,
  expectAnsweredOnce,
  loginAndWaitReady,
  nextClientEvent,
  sleep,
  succeeded,
  waitFor,
} from '../testing/fake-discord/harness.ts';
import { useFakeDiscord } from '../testing/fake-discord/vitest.ts';

/** Timeout of waits inside tests. */
const WAIT_MS = 2_000;

const ctx = useFakeDiscord();

/** A logged-in, ready client (destroyed after the test). */
async function readyClient(fake: FakeDiscord = ctx.fake, intents?: GatewayIntentBits[]): Promise<Client<true>> {
  const client = ctx.track(createTestClient(fake, intents ? { overrides: { intents } } : {}));
  return loginAndWaitReady(client, fake);
}

/**
 * Runs `handler` for the next interaction and resolves with what it returned, so the test can await
 * the bot-side outcome; errors thrown by `handler` reject the promise (never unhandled).
 */
function onNextInteraction<T>(client: Client, handler: (interaction: Interaction) => Promise<T>): Promise<T> {
  return nextClientEvent(client, Events.InteractionCreate, WAIT_MS).then(([interaction]) => handler(interaction));
}

describe('fake discord: login', () => {
  it('logs a real client in: gateway from /gateway/bot, READY, GUILD_CREATE, application id', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    expect(client.application.id).toBe(fake.applicationId);
    expect(client.user.id).toBe(fake.botUser.id);
    expect(client.user.bot).toBe(true);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.guild.defaultChannelId)?.type).toBe(ChannelType.GuildText);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(guild?.roles.everyone.id).toBe(fake.guild.id);

    const gatewayBot = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayBot?.rawPath).toBe('/api/v10/gateway/bot');
    expect(gatewayBot?.authorized).toBe(true);
    expect(gatewayBot?.headers['authorization']).toBe('[redacted]');
    const [connection] = fake.gateway.connections;
    expect(connection?.path).toBe('/gateway');
    expect(connection?.query).toMatchObject({ v: '10', encoding: 'json' });
    const identify = fake.gateway.framesOf('in').find((f) => f.op === GatewayOpcodes.Identify);
    expect(identify?.d).toMatchObject({ intents: GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages, token: fake.token });
    const sequences = fake.gateway.framesOf('out').flatMap((f) => (f.s === null ? [] : [f.s]));
    expect(sequences).toEqual([1, 2]);
    expect(fake.unknownRoutes).toEqual([]);
  });

  it('rejects login with a bad token: REST 401 → TokenInvalid', async () => {
    const client = ctx.track(createTestClient(ctx.fake));
    const error: unknown = await client.login('not-the-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordjsError);
    expect((error as DiscordjsError).code).toBe(DiscordjsErrorCodes.TokenInvalid);
    expect(ctx.fake.requests.find((r) => r.path === '/gateway/bot')?.status).toBe(401);
    expect(ctx.fake.gateway.connections).toHaveLength(0);
  });
});

describe('fake discord: gateway close 4004', () => {
  const lenient = useFakeDiscord({ checkRestAuth: false });

  it('closes with 4004 on a bad IDENTIFY token; login rejects and the shard does not reconnect', async () => {
    const fake = lenient.fake;
    const client = lenient.track(createTestClient(fake));
    const disconnects: number[] = [];
    const shardErrors: string[] = [];
    client.on(Events.ShardDisconnect, (event) => disconnects.push(event.code));
    client.on(Events.ShardError, (error) => shardErrors.push(error.message));
    const error: unknown = await client.login('not-the-token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Authentication failed');
    expect(disconnects).toEqual([CloseCode.AuthenticationFailed]);
    expect(shardErrors).toEqual(['Authentication failed']);
    await sleep(700); // longer than the 500 ms discord.js waits before reconnecting
    expect(fake.gateway.connections.map((c) => c.closeCode)).toEqual([CloseCode.AuthenticationFailed]);
  });
});

describe('fake discord: interactions', () => {
  it('delivers a slash command and records reply() with allowedMentions on the callback route', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.reply({ content: `You asked: ${interaction.options.getString('question', true)}`, allowedMentions: { parse: [] } });
      return interaction;
    });
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', options: [option.string('question', 'Who won?')] }));
    const interaction = await handled;
    expect(interaction.commandName).toBe('ask');
    expect(interaction.guildId).toBe(fake.guild.id);
    expect(interaction.channelId).toBe(fake.guild.defaultChannelId);
    expect(interaction.user.id).toBe(fake.defaultUser.id);

    const callback = await expectAnsweredOnce(handle, { type: InteractionResponseType.ChannelMessageWithSource });
    expect(callback.route).toBe('POST /interactions/:id/:token/callback');
    expect(callback.query).toEqual({ with_response: 'false' });
    expect(callback.status).toBe(204);
    expect(callback.authorized).toBe(false); // discord.js sends callbacks without the bot token
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'You asked: Who won?', allowed_mentions: { parse: [] } } });
    expect(handle.original?.content).toBe('You asked: Who won?');
    expect(fake.messages(fake.guild.defaultChannelId).map((m) => m.content)).toEqual(['You asked: Who won?']);
  });

  it('handles deferReply + editReply (PATCH %40original) + followUp + fetchReply', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.deferReply();
      const edited = await interaction.editReply('Final answer');
      const followUp = await interaction.followUp({ content: 'Sources: …', flags: MessageFlags.Ephemeral });
      const fetched = await interaction.fetchReply();
      await interaction.editReply({ message: followUp.id, content: 'Sources: corrected' });
      await interaction.deleteReply();
      return { edited, followUp, fetched };
    });
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    const { edited, followUp, fetched } = await handled;
    expect(edited.content).toBe('Final answer');
    expect(edited.flags.has(MessageFlags.Loading)).toBe(false);
    expect(fetched.id).toBe(edited.id);
    expect(followUp.flags.has(MessageFlags.Ephemeral)).toBe(true);
    await expectAnsweredOnce(handle, { type: InteractionResponseType.DeferredChannelMessageWithSource });

    const patch = handle.requests.find((r) => r.method === 'PATCH');
    expect(patch?.rawPath).toMatch(/\/messages\/%40original$/);
    expect(patch?.path).toMatch(/\/messages\/@original$/);
    expect(patch?.route).toBe('PATCH /webhooks/:app/:token/messages/:message');
    expect(handle.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'PATCH 200', 'POST 200', 'GET 200', 'PATCH 200', 'DELETE 204']);
    const edit = handle.requests[1];
    expect(edit?.body).toMatchObject({ content: 'Final answer' });
    expect(handle.original).toBeNull(); // deleted
    expect(handle.followUps.map((m) => m.content)).toEqual(['Sources: corrected']);
    expect(fake.messages(fake.guild.defaultChannelId)).toEqual([]); // the reply was deleted, the follow-up is ephemeral
  });

  it('returns an interaction callback response for withResponse: true', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      return interaction.reply({ content: 'with response', withResponse: true });
    });
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    const response = await handled;
    expect(response.interaction.id).toBe(handle.id);
    expect(response.interaction.responseMessageId).toBe(handle.original?.id);
    expect(response.resource?.message?.content).toBe('with response');
    expect(handle.callbackRequests[0]?.query).toEqual({ with_response: 'true' });
  });

  it('delivers a file attached to a command option (resolved.attachments) and serves its bytes on loopback', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const file = fake.uploadAttachment({ filename: 'page.html', data: '<p>Café</p>' });
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      await interaction.reply({ content: 'got it' });
      return interaction.options.getAttachment('file', true);
    });
    fake.sendInteraction(chatInputInteraction(fake, { name: 'article', options: [option.subcommand('add', [option.attachment('file', file)])] }));
    const attachment = await handled;
    expect(attachment).toMatchObject({ name: 'page.html', size: Buffer.byteLength('<p>Café</p>'), contentType: 'text/html; charset=utf-8' });
    expect(new URL(attachment.url).hostname).toBe('127.0.0.1');
    const response = await fetch(attachment.url);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<p>Café</p>');
  });

  it('answers autocomplete with respond()', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      const focused = interaction.options.getFocused(true);
      await interaction.respond([{ name: `${focused.value}…?`, value: `${focused.value} question` }]);
      return focused;
    });
    const handle = fake.sendInteraction(
      autocompleteInteraction(fake, { name: 'ask', options: [option.string('question', 'Wh', true)] }),
    );
    expect(await handled).toMatchObject({ name: 'question', value: 'Wh' });
    expect(await handle.waitForChoices(WAIT_MS)).toEqual([{ name: 'Wh…?', value: 'Wh question' }]);
    await expectAnsweredOnce(handle, { type: InteractionResponseType.ApplicationCommandAutocompleteResult });
  });

  it('updates the message of a clicked button and answers a message context menu command', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const clicked = onNextInteraction(client, async (interaction) => {
      if (!interaction.isButton()) throw new Error('expected a button');
      await interaction.update({ content: 'Page 2', components: [] });
      return interaction.customId;
    });
    const button = fake.sendInteraction(buttonInteraction(fake, { customId: 'page:2' }));
    expect(await clicked).toBe('page:2');
    await expectAnsweredOnce(button, { type: InteractionResponseType.UpdateMessage });
    const componentMessage = 'message' in button.payload ? button.payload.message : undefined;
    expect(fake.message(fake.guild.defaultChannelId, componentMessage?.id ?? '')?.content).toBe('Page 2');

    const checked = onNextInteraction(client, async (interaction) => {
      if (!interaction.isMessageContextMenuCommand()) throw new Error('expected a message context menu command');
      await interaction.reply({ content: `Checking: ${interaction.targetMessage.content}`, flags: MessageFlags.Ephemeral });
      return interaction.targetId;
    });
    const menu = fake.sendInteraction(messageContextMenuInteraction(fake, { name: 'Check quote', targetContent: '"We will win"' }));
    const targetId = await checked;
    expect(menu.payload.data).toMatchObject({ type: ApplicationCommandType.Message, target_id: targetId });
    const original = await menu.waitForOriginal();
    expect(original.content).toBe('Checking: "We will win"');
    expect(original.flags).toBe(MessageFlags.Ephemeral);
  });

  it('supports user-installed contexts (private channel) and bot DMs', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const seen: Interaction[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) void interaction.reply('ok').catch(() => undefined);
    });
    const privateChannel = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', where: 'privateChannel' }));
    const botDm = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask', where: 'botDm' }));
    await expectAnsweredOnce(privateChannel);
    await expectAnsweredOnce(botDm);
    const [first, second] = seen;
    expect(first?.context).toBe(InteractionContextType.PrivateChannel);
    expect(first?.authorizingIntegrationOwners).toMatchObject({ 1: fake.defaultUser.id });
    expect(first?.guildId).toBeNull();
    expect(second?.context).toBe(InteractionContextType.BotDM);
    expect(second?.authorizingIntegrationOwners).toMatchObject({ 0: '0' });
    expect(second?.channel?.type).toBe(ChannelType.DM);
  });

  it('rejects a second acknowledgement (40060) and a late one (10062); expectAnsweredOnce catches the double reply', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const twice = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.reply('first');
      // discord.js guards against this; go around it with the raw route as a buggy bot might.
      return client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'second' } }, auth: false })
        .catch((e: unknown) => e);
    });
    const doubled = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    const secondError = await twice;
    expect(secondError).toBeInstanceOf(DiscordAPIError);
    expect((secondError as DiscordAPIError).code).toBe(ErrorCode.InteractionHasAlreadyBeenAcknowledged);
    await expect(expectAnsweredOnce(doubled)).rejects.toThrow(/1 rejected duplicate/);

    const late = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await sleep(100);
      return interaction.reply('too late').catch((e: unknown) => e);
    });
    fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }), { ackDeadlineMs: 50 });
    const lateError = await late;
    expect(lateError).toBeInstanceOf(DiscordAPIError);
    expect((lateError as DiscordAPIError).code).toBe(ErrorCode.UnknownInteraction);
  });

  it('enforces message limits (2000 characters) and records multipart uploads', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      const tooLong = await interaction.reply('x'.repeat(2001)).catch((e: unknown) => e);
      await interaction.reply({ content: 'quotes attached', files: [{ attachment: Buffer.from('"quote" — source'), name: 'quotes.txt' }] });
      return tooLong;
    });
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'quotes' }));
    const tooLong = await handled;
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect((tooLong as DiscordAPIError).code).toBe(ErrorCode.InvalidFormBodyOrContentType);
    expect((tooLong as DiscordAPIError).message).toMatch(/content\[BASE_TYPE_MAX_LENGTH\]/);
    const accepted = await expectAnsweredOnce(handle);
    expect(accepted.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(accepted.body).toMatchObject({ type: 4, data: { content: 'quotes attached' } });
    expect(accepted.files.map((f) => [f.filename, f.data.toString()])).toEqual([['quotes.txt', '"quote" — source']]);
    expect(handle.original?.attachments.map((a) => a.filename)).toEqual(['quotes.txt']);
  });
});

describe('fake discord: messages and pins', () => {
  it('delivers a plain DM as messageCreate; reply and channel.send reach POST /channels/{id}/messages', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const received: Message[] = [];
    client.on(Events.MessageCreate, (message) => {
      received.push(message);
      if (message.author.bot) return; // the fake echoes the bot's own messages, as Discord does
      void (async () => {
        await message.reply({ content: 'pong', allowedMentions: { repliedUser: false } });
        await message.channel.send('and a second message');
      })().catch(() => undefined);
    });
    const sent = fake.sendMessage(dmMessage(fake, { content: 'ping' }));
    expect(sent.dispatch.outcome).toBe('sent');
    const posts = await waitFor(() => {
      const done = fake.requests.filter((r) => r.route === 'POST /channels/:channel/messages' && succeeded(r));
      return done.length === 2 ? done : undefined;
    }, WAIT_MS, 'two messages from the bot');
    const channelId = sent.message.channel_id;
    expect(posts.map((r) => r.path)).toEqual([`/channels/${channelId}/messages`, `/channels/${channelId}/messages`]);
    expect(posts[0]?.body).toMatchObject({ content: 'pong', message_reference: { message_id: sent.message.id }, allowed_mentions: { replied_user: false } });
    expect(fake.messages(channelId).map((m) => m.content)).toEqual(['ping', 'pong', 'and a second message']);
    await waitFor(() => received.length === 3, WAIT_MS, 'the echoes of the bot messages');
    expect(received[0]?.channel.type).toBe(ChannelType.DM);
    expect(received[0]?.guildId).toBeNull();
    expect(received.slice(1).every((m) => m.author.id === fake.botUser.id)).toBe(true);
  });

  it('withholds DMs from a client without the DirectMessages intent', async () => {
    const fake = ctx.fake;
    await readyClient(fake, [GatewayIntentBits.Guilds]);
    const sent = fake.sendMessage(dmMessage(fake, { content: 'hello?' }));
    expect(sent.dispatch).toMatchObject({ outcome: 'filtered', reason: expect.stringMatching(/DirectMessages/) });
  });

  it('pins, lists and unpins with the current routes, and fails with 30003 when 50 are pinned', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const channelId = fake.guild.defaultChannelId;
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('expected the guild text channel');
    const answer = await channel.send('Pin me');
    await answer.pin();
    const pins = await channel.messages.fetchPins();
    expect(pins.items.map((item) => item.message.content)).toEqual(['Pin me']);
    expect(pins.hasMore).toBe(false);
    expect(fake.requests.find((r) => r.method === 'PUT')?.path).toBe(`/channels/${channelId}/messages/pins/${answer.id}`);
    const legacy = (await client.rest.get(Routes.channelPins(channelId))) as { id: string }[];
    expect(legacy.map((m) => m.id)).toEqual([answer.id]);
    await answer.unpin();
    expect(fake.pins(channelId)).toEqual([]);

    fake.seedPins(channelId, MAX_PINS_PER_CHANNEL);
    const error: unknown = await answer.pin().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(ErrorCode.MaximumNumberOfPinsReachedForTheChannel);
    expect((error as DiscordAPIError).status).toBe(400);
    expect((error as DiscordAPIError).message).toBe('Maximum number of pins reached (50)');
    const page = await channel.messages.fetchPins({ limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.hasMore).toBe(true);
    const missing: unknown = await client.rest.get(Routes.channelMessage(channelId, '1234567890123456789')).catch((e: unknown) => e);
    expect((missing as DiscordAPIError).code).toBe(ErrorCode.UnknownMessage);
  });

  it('registers commands (PUT) and rejects invalid ones with 50035', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    await client.application.commands.set([
      { name: 'ask', description: 'Ask a question about the story', options: [{ type: 3, name: 'question', description: 'Your question', required: true, autocomplete: true }] },
      { name: 'Check quote', type: ApplicationCommandType.Message },
    ]);
    expect(fake.globalCommands().map((c) => c.name)).toEqual(['ask', 'Check quote']);
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.route).toBe('PUT /applications/:app/commands');
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    expect(handle.payload.data).toMatchObject({ id: fake.globalCommands()[0]?.id });
    const invalid: unknown = await client.application.commands.create({ name: 'Has Spaces', description: 'x' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(DiscordAPIError);
    expect((invalid as DiscordAPIError).code).toBe(ErrorCode.InvalidFormBodyOrContentType);
    await client.application.commands.set([{ name: 'ping', description: 'Ping' }], fake.guild.id);
    expect(fake.guildCommands(fake.guild.id).map((c) => c.name)).toEqual(['ping']);
    const unknown: unknown = await client.rest.get('/not-a-route').catch((e: unknown) => e);
    expect((unknown as DiscordAPIError).status).toBe(404);
    expect(fake.unknownRoutes.map((r) => r.path)).toEqual(['/not-a-route']);
  });
});

describe('fake discord: faults', () => {
  it('retries a 429 on the callback route and still delivers the reply', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const fault = fake.fault({ path: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.1 });
    const replied = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.reply('after the rate limit');
    });
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    await replied;
    await expectAnsweredOnce(handle);
    expect(fault.hits).toBe(1);
    expect(handle.callbackRequests.map((r) => r.status)).toEqual([429, 204]);
    expect(handle.callbackRequests[0]?.response).toMatchObject({ retry_after: 0.1, global: false });
    expect(handle.original?.content).toBe('after the rate limit');
    const [limited, retried] = handle.callbackRequests;
    // discord.js waited Retry-After (100 ms) before retrying.
    expect((retried?.receivedAt ?? 0) - (limited?.respondedAt ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('surfaces persistent 500s as a rejected HTTPError (after discord.js retries) and 403 as DiscordAPIError 50013', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    fake.fault({ path: '/interactions/:id/:token/callback', status: 500, times: Infinity });
    const failed = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      return interaction.reply('never delivered').catch((e: unknown) => e);
    });
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    const error = await failed;
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(500);
    expect(handle.callbackRequests.map((r) => r.status)).toEqual([500, 500, 500, 500]); // 1 + rest.retries (3)
    fake.clearFaults();

    fake.fault({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 403 });
    const channel = client.channels.cache.get(fake.guild.defaultChannelId);
    if (!channel?.isSendable()) throw new Error('expected a sendable channel');
    const forbidden: unknown = await channel.send('nope').catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(DiscordAPIError);
    expect((forbidden as DiscordAPIError).code).toBe(ErrorCode.MissingPermissions);
    expect((forbidden as DiscordAPIError).message).toBe('Missing Permissions');
    expect((await channel.send('yes')).content).toBe('yes');
  });

  it('resumes after a dropped connection and replays what was dispatched meanwhile', async () => {
    const fake = ctx.fake;
    const client = await readyClient();
    const resumed = nextClientEvent(client, Events.ShardResume, WAIT_MS);
    const replayed = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.reply('still here');
      return interaction.id;
    });
    expect(fake.dropGateway()).toBe(true);
    const handle = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' })); // queued while disconnected
    await resumed;
    expect(await replayed).toBe(handle.id);
    await expectAnsweredOnce(handle);
    expect(fake.gateway.resumeCount).toBe(1);
    expect(fake.gateway.identifyCount).toBe(1);
    expect(fake.gateway.connections.map((c) => [c.path, c.closeCode])).toEqual([
      ['/gateway', 1006],
      [RESUME_GATEWAY_PATH, null],
    ]);
    const resume = fake.gateway.framesOf('in').find((f) => f.op === GatewayOpcodes.Resume);
    expect(resume?.d).toMatchObject({ session_id: fake.gateway.sessionId, seq: 2 });

    const resumedAgain = nextClientEvent(client, Events.ShardResume, WAIT_MS);
    expect(fake.closeGateway(CloseCode.UnknownError)).toBe(true);
    await resumedAgain;
    const next = onNextInteraction(client, async (interaction) => interaction.id);
    const after = fake.sendInteraction(chatInputInteraction(fake, { name: 'ask' }));
    expect(await next).toBe(after.id);
    expect(fake.gateway.resumeCount).toBe(2);
  });
});

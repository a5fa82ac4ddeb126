/**
 * The dispatch point: errors are caught there and answered privately in plain words through the
 * right call for the interaction's state; expired interactions are logged, not fatal; one log line
 * per interaction.
 */
import { type ChatInputCommandInteraction, InteractionResponseType, MessageFlags, RESTJSONErrorCodes, SlashCommandBuilder } from 'discord.js';
import { describe, expect, test } from 'vitest';
import commands from '../../commands/index.ts';
import type { AnyCommand } from '../../src/discord/command.ts';
import { INTERNAL_ERROR_MESSAGE, UserFacingError } from '../../src/discord/errors.ts';
import { respond } from '../../src/discord/respond.ts';
import { STALE_BUTTON_MESSAGE, UNKNOWN_COMMAND_MESSAGE } from '../../src/discord/router.ts';
import { escapeMarkdown, noticeView } from '../../src/views.ts';
import { apiError, autocomplete, buttonPress, callbacks, createHarness, embedOf, interactionLogs, rawMessage, slash, text } from './harness.ts';

/** A command that fails in a chosen way, at a chosen moment. */
function failing(name: string, when: 'before' | 'after-defer' | 'after-private-defer' | 'after-reply', error: unknown): AnyCommand {
  return {
    data: new SlashCommandBuilder().setName(name).setDescription('fails').toJSON(),
    async execute(interaction: ChatInputCommandInteraction) {
      if (when === 'after-defer') await interaction.deferReply();
      if (when === 'after-private-defer') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      if (when === 'after-reply') await respond(interaction, noticeView('first'));
      throw error;
    },
    async autocomplete() {
      throw error;
    },
  };
}

function ephemeral(data: Record<string, unknown> | undefined): boolean {
  return (Number(data?.flags ?? 0) & MessageFlags.Ephemeral) === MessageFlags.Ephemeral;
}

describe('errors at the dispatch point', () => {
  test('GIVEN an internal error THEN the member gets a plain private apology and the log gets the stack', async () => {
    const h = createHarness({ commands: [failing('boom', 'before', new TypeError('x is undefined'))] });
    await h.interact(slash('boom'));
    const [reply] = callbacks(h.rest);
    expect(reply?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(ephemeral(reply?.data)).toBe(true);
    expect(embedOf(reply?.data).description).toBe(escapeMarkdown(INTERNAL_ERROR_MESSAGE));
    const [line] = interactionLogs(h.logs);
    expect(line).toMatchObject({ command: 'boom', outcome: 'error', level: 50 });
    expect(JSON.stringify(line?.err)).toContain('x is undefined');
  });

  test('GIVEN a user-facing error THEN its message is shown privately', async () => {
    const h = createHarness({ commands: [failing('nope', 'before', new UserFacingError('Pick an article from the list.'))] });
    await h.interact(slash('nope'));
    expect(embedOf(callbacks(h.rest)[0]?.data).description).toBe('Pick an article from the list.');
    expect(interactionLogs(h.logs)[0]).toMatchObject({ outcome: 'user_error', level: 30 });
  });

  test('GIVEN an error after a private deferReply THEN the deferred reply is edited with the message', async () => {
    const h = createHarness({ commands: [failing('slow', 'after-private-defer', new Error('late'))] });
    await h.interact(slash('slow'));
    expect(callbacks(h.rest).map((callback) => callback.type)).toEqual([InteractionResponseType.DeferredChannelMessageWithSource]);
    const edits = h.rest.find('PATCH', /\/messages\/@original$/);
    expect(edits).toHaveLength(1);
    expect(embedOf(edits[0]?.body as Record<string, unknown>).description).toBe(escapeMarkdown(INTERNAL_ERROR_MESSAGE));
  });

  test('GIVEN an error after a public deferReply THEN the public "thinking…" is removed and the message comes privately', async () => {
    const h = createHarness({ commands: [failing('slow', 'after-defer', new UserFacingError('Try a shorter question.'))] });
    await h.interact(slash('slow'));
    expect(h.rest.find('PATCH', /\/messages\/@original$/)).toEqual([]);
    const deleted = h.rest.find('DELETE', /\/messages\/@original$/);
    const followUps = h.rest.find('POST', /^\/webhooks\/\d+\/[^/]+$/);
    expect(deleted).toHaveLength(1);
    expect(followUps).toHaveLength(1);
    expect(h.rest.requests.indexOf(deleted[0] as never)).toBeLessThan(h.rest.requests.indexOf(followUps[0] as never));
    const body = followUps[0]?.body as Record<string, unknown>;
    expect(ephemeral(body)).toBe(true);
    expect(embedOf(body).description).toBe('Try a shorter question.');
  });

  test('GIVEN an error after a reply THEN a private follow-up carries the message', async () => {
    const h = createHarness({ commands: [failing('twice', 'after-reply', new Error('after'))] });
    await h.interact(slash('twice'));
    const followUps = h.rest.find('POST', /^\/webhooks\/\d+\/[^/]+$/);
    expect(followUps).toHaveLength(1);
    const body = followUps[0]?.body as Record<string, unknown>;
    expect(ephemeral(body)).toBe(true);
    expect(embedOf(body).description).toBe(escapeMarkdown(INTERNAL_ERROR_MESSAGE));
  });

  test.each([
    ['expired (10062)', apiError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction')],
    ['already acknowledged (40060)', apiError(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.')],
  ])('GIVEN the interaction is %s THEN it is logged as expired, not answered again, not fatal', async (_case, refusal) => {
    const h = createHarness();
    h.rest.on('POST', /\/callback$/, refusal);
    await expect(h.interact(slash('help'))).resolves.toBeDefined();
    expect(h.rest.requests).toHaveLength(1);
    expect(interactionLogs(h.logs)).toEqual([expect.objectContaining({ command: 'help', outcome: 'expired', code: (refusal.body as { code: number }).code, level: 40 })]);
  });

  test('GIVEN the error reply itself fails THEN it is logged and nothing throws', async () => {
    const h = createHarness({ commands: [failing('boom', 'before', new Error('first'))] });
    h.rest.on('POST', /\/callback$/, apiError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'));
    await h.interact(slash('boom'));
    const warning = h.logs.find((line) => line.msg === 'could not send the error reply');
    expect(JSON.stringify(warning?.err)).toContain('/interactions/');
    expect(interactionLogs(h.logs)).toHaveLength(1);
    // The failed request's URL carries the interaction token: it must not reach the log.
    expect(JSON.stringify(h.logs)).not.toContain('interaction-token');
  });

  test('GIVEN autocomplete fails THEN an empty list is sent (Discord shows "no options")', async () => {
    const h = createHarness({ commands: [failing('boom', 'before', new Error('index broken'))] });
    await h.interact(autocomplete('boom', [text('q', 'x', true)]));
    expect(callbacks(h.rest)).toEqual([{ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } }]);
  });

  test('GIVEN a command this process does not know THEN the member is pointed to /help', async () => {
    const h = createHarness();
    await h.interact(slash('removed-command'));
    expect(embedOf(callbacks(h.rest)[0]?.data).description).toBe(escapeMarkdown(UNKNOWN_COMMAND_MESSAGE));
  });

  test('GIVEN a button of no known command THEN the member is told to ask again', async () => {
    const h = createHarness();
    await h.interact(buttonPress('gone:1', rawMessage({})));
    expect(embedOf(callbacks(h.rest)[0]?.data).description).toBe(escapeMarkdown(STALE_BUTTON_MESSAGE));
  });
});

describe('logging', () => {
  test('GIVEN several interactions THEN exactly one line each, with command, kind, latency and outcome, and never the token', async () => {
    const h = createHarness();
    await h.interact(slash('help'));
    await h.interact(slash('source'));
    await h.interact(autocomplete('ask', [text('question', 'nat', true)]));
    const lines = interactionLogs(h.logs);
    expect(lines.map((line) => [line.command, line.kind, line.outcome])).toEqual([
      ['help', 'slash', 'ok'],
      ['source', 'slash', 'ok'],
      ['ask', 'autocomplete', 'ok'],
    ]);
    for (const line of lines) expect(line.latencyMs).toEqual(expect.any(Number));
    expect(JSON.stringify(h.logs)).not.toContain('test-bot-token');
    expect(JSON.stringify(h.logs)).not.toContain('interaction-token');
  });
});

describe('the command list', () => {
  test('every command answers within its own module (router finds each by name and type)', () => {
    expect(commands.map((command) => command.data.name)).toEqual(['ask', 'quote', 'summary', 'pin-summary', 'source', 'help', 'Check against the story', 'gaps', 'settings', 'article']);
  });
});

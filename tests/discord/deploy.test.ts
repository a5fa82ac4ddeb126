/** `npm run deploy`: the dry-run JSON, and registration through intercepted REST. */
import { spawnSync } from 'node:child_process';
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, test } from 'vitest';
import commands from '../../commands/index.ts';
import { missingTokenMessage, rejectedTokenMessage } from '../../src/config.ts';
import { commandPayloads, runDeploy } from '../../src/discord/deploy.ts';
import { MAX_QUESTION_LENGTH } from '../../src/story.ts';
import { apiError, RestRecorder } from './harness.ts';

const NO_ENV_FILE = '/nonexistent/storybot/.env';
const EVERYWHERE = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];
const ANY_INSTALL = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];

type Option = { name: string; type: number; autocomplete?: boolean; required?: boolean; max_length?: number; description: string };
type Body = { name: string; type?: number; description?: string; options?: Option[]; contexts?: number[]; integration_types?: number[]; default_member_permissions?: string | null };

async function run(argv: string[], options: Parameters<typeof runDeploy>[1] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const previousExitCode = process.exitCode;
  const code = await runDeploy(argv, { stdout: (line) => out.push(line), stderr: (line) => err.push(line), env: {}, envFile: NO_ENV_FILE, ...options });
  process.exitCode = previousExitCode;
  return { code, out: out.join('\n'), err };
}

describe('deploy --dry-run', () => {
  test('GIVEN no token at all THEN it prints the JSON array of every command and sends nothing', async () => {
    // No `commands` option: the default loader reads commands/ by path, as `npm run deploy` does.
    const { code, out, err } = await run(['--dry-run']);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const body = JSON.parse(out) as Body[];
    expect(body).toEqual(commandPayloads(commands));
    const byName = new Map(body.map((command) => [command.name, command]));
    expect([...byName.keys()]).toEqual(['ask', 'quote', 'summary', 'pin-summary', 'source', 'help', 'Check against the story', 'gaps', 'settings', 'article']);

    // Where each command may be used.
    for (const command of body) {
      // Moderators' commands: in servers only, hidden from members without the permission.
      const moderatorPermission = { 'pin-summary': PermissionFlagsBits.PinMessages, gaps: PermissionFlagsBits.ManageMessages, settings: PermissionFlagsBits.ManageGuild, article: PermissionFlagsBits.ManageGuild }[command.name];
      if (moderatorPermission !== undefined) {
        expect(command.contexts).toEqual([InteractionContextType.Guild]);
        expect(command.integration_types).toEqual([ApplicationIntegrationType.GuildInstall]);
        expect(command.default_member_permissions).toBe(String(moderatorPermission));
      } else {
        expect(command.contexts, command.name).toEqual(EVERYWHERE);
        expect(command.integration_types, command.name).toEqual(ANY_INSTALL);
        expect(command.default_member_permissions ?? null, command.name).toBeNull();
      }
    }

    // Options, with their autocomplete flags.
    const options = (name: string) => (byName.get(name)?.options ?? []).map(({ name: option, type, autocomplete, required }) => ({ option, type, autocomplete: autocomplete ?? false, required: required ?? false }));
    expect(options('ask')).toEqual([
      { option: 'question', type: ApplicationCommandOptionType.String, autocomplete: true, required: true },
      { option: 'article', type: ApplicationCommandOptionType.String, autocomplete: true, required: false },
      { option: 'private', type: ApplicationCommandOptionType.Boolean, autocomplete: false, required: false },
    ]);
    expect(options('quote')).toEqual([
      { option: 'speaker', type: ApplicationCommandOptionType.String, autocomplete: true, required: true },
      { option: 'topic', type: ApplicationCommandOptionType.String, autocomplete: false, required: false },
      { option: 'private', type: ApplicationCommandOptionType.Boolean, autocomplete: false, required: false },
    ]);
    expect(options('summary')).toEqual([
      { option: 'article', type: ApplicationCommandOptionType.String, autocomplete: true, required: false },
      { option: 'post', type: ApplicationCommandOptionType.Boolean, autocomplete: false, required: false },
    ]);
    expect(options('pin-summary')).toEqual([{ option: 'article', type: ApplicationCommandOptionType.String, autocomplete: true, required: false }]);
    expect(options('source')).toEqual([]);
    expect(options('help')).toEqual([]);
    // /article: add by address or attached file with optional metadata; remove by id, offered as you type.
    const subcommand = (name: string) => (byName.get('article')?.options ?? []).find((option) => option.name === name) as (Option & { options?: Option[] }) | undefined;
    expect(subcommand('add')?.options?.map(({ name, type, required }) => ({ name, type, required: required ?? false }))).toEqual([
      { name: 'url', type: ApplicationCommandOptionType.String, required: false },
      { name: 'file', type: ApplicationCommandOptionType.Attachment, required: false },
      { name: 'title', type: ApplicationCommandOptionType.String, required: false },
      { name: 'publisher', type: ApplicationCommandOptionType.String, required: false },
      { name: 'published', type: ApplicationCommandOptionType.String, required: false },
      { name: 'id', type: ApplicationCommandOptionType.String, required: false },
    ]);
    expect(subcommand('remove')?.options).toEqual([expect.objectContaining({ name: 'id', type: ApplicationCommandOptionType.String, required: true, autocomplete: true })]);
    expect(byName.get('ask')?.options?.[0]?.max_length).toBe(MAX_QUESTION_LENGTH);
    expect(byName.get('Check against the story')).toMatchObject({ type: ApplicationCommandType.Message });
  });

  test('every name and description is within Discord’s rules', async () => {
    for (const command of commandPayloads(commands) as Body[]) {
      if ((command.type ?? 1) === ApplicationCommandType.ChatInput) {
        expect(command.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(command.description?.length).toBeGreaterThan(0);
        expect(command.description?.length).toBeLessThanOrEqual(100);
        for (const option of command.options ?? []) {
          expect(option.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
          expect(option.description.length).toBeLessThanOrEqual(100);
        }
      } else {
        expect(command.name.length).toBeLessThanOrEqual(32);
      }
    }
  });

  // A whole process (tsx and the commands): seconds on a busy machine, within the spawn's own limit.
  test('GIVEN `npm run deploy -- --dry-run` THEN stdout is exactly the JSON (nothing else printed there)', { timeout: 40_000 }, () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'deploy', '--dry-run'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(commandPayloads(commands));
  });
});

describe('deploy', () => {
  function discord() {
    const rest = new RestRecorder();
    rest.on('GET', /^\/applications\/@me$/, { status: 200, body: { id: '555555555555555555', name: 'storybot' } });
    rest.on('PUT', /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/, (request) => ({ status: 200, body: request.body }));
    return rest;
  }

  test('GIVEN DISCORD_CLIENT_ID THEN the commands are registered globally with one PUT', async () => {
    const rest = discord();
    const { code, out } = await run([], { env: { DISCORD_TOKEN: 'tok.en.x', DISCORD_CLIENT_ID: '123456789012345678' }, rest: { makeRequest: rest.makeRequest as never } });
    expect(code).toBe(0);
    expect(rest.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['PUT /applications/123456789012345678/commands']);
    expect(rest.requests[0]?.body).toEqual(commandPayloads(commands));
    expect(out).toBe(`Registered ${commands.length} commands globally for application 123456789012345678. Reload Discord (Ctrl+R) if a change does not show.`);
  });

  test('GIVEN no client id and --guild THEN the application id is fetched and the commands go to that server, via DISCORD_API_URL', async () => {
    const rest = discord();
    const { code, out } = await run(['--guild', '987654321098765432'], { env: { DISCORD_TOKEN: 'tok.en.x', DISCORD_API_URL: 'http://127.0.0.1:9999/api' }, rest: { makeRequest: rest.makeRequest as never } });
    expect(code).toBe(0);
    expect(rest.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET http://127.0.0.1:9999/api/v10/applications/@me',
      'PUT http://127.0.0.1:9999/api/v10/applications/555555555555555555/guilds/987654321098765432/commands',
    ]);
    expect(out).toContain('in server 987654321098765432');
  });

  test('GIVEN no token THEN one line names DISCORD_TOKEN and .env.example, exit 1', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(1);
    expect(err).toEqual([`storybot: ${missingTokenMessage('deploy')}`]);
  });

  test('GIVEN a rejected token THEN one line says so, without the token, exit 1', async () => {
    const rest = new RestRecorder().on('GET', /.*/, apiError(401, 0, '401: Unauthorized'));
    const { code, err } = await run([], { env: { DISCORD_TOKEN: 'secret.token.value' }, rest: { makeRequest: rest.makeRequest as never } });
    expect(code).toBe(1);
    expect(err).toEqual([`storybot: ${rejectedTokenMessage()}`]);
    expect(err.join('')).not.toContain('secret.token.value');
  });

  test('GIVEN a server the bot is not in THEN it says to invite it with applications.commands', async () => {
    const rest = discord().on('PUT', /guilds/, apiError(403, 50001, 'Missing Access'));
    const { code, err } = await run(['--guild', '987654321098765432'], { env: { DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '123456789012345678' }, rest: { makeRequest: rest.makeRequest as never } });
    expect(code).toBe(1);
    expect(err[0]).toContain('invite the bot there with the applications.commands scope');
  });

  test.each([
    [['--guild', 'abc'], '--guild must be a server id'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ])('GIVEN %j THEN it explains in one line', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(message);
  });

  test('GIVEN --help THEN usage is printed', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--dry-run');
  });
});

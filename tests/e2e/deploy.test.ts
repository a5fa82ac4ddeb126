/**
 * `npm run deploy` as a person runs it (npm itself, the script from package.json), pointed at the
 * fake Discord through DISCORD_API_URL: `--dry-run` prints the commands and needs no token;
 * `--guild ID` and a global deploy register exactly what `--dry-run` printed; a rejected token
 * gets the one clear line. (The last two run `tsx src/cli.ts deploy` directly, the code the npm
 * script runs compiled, to spare npm's own start-up.)
 */
import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { APIApplicationCommand, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startFakeDiscord } from '../../testing/fake-discord/index.ts';
import type { FakeDiscord } from '../../testing/fake-discord/index.ts';
import { runCliDeploy, runNpmDeploy } from '../../testing/bot-process.ts';
import type { ProcessResult } from '../../testing/bot-process.ts';

vi.setConfig({ testTimeout: 40_000, hookTimeout: 40_000 });

const REJECTED_TOKEN = 'MTE5OTk5OTk5OTk5OTk5OTk5.Gdeploy.RejectedTokenMustNotBePrinted';

/** The fake the deploys talk to, and one that only the dry run could reach (it must not). */
let fake: FakeDiscord;
let untouched: FakeDiscord;
let dryRun: ProcessResult;
let guildDeploy: ProcessResult;
let globalDeploy: ProcessResult;
let rejected: ProcessResult;
let printed: RESTPostAPIApplicationCommandsJSONBody[];

beforeAll(async () => {
  [fake, untouched] = await Promise.all([startFakeDiscord(), startFakeDiscord()]);
  const { DISCORD_CLIENT_ID: _id, ...withoutClientId } = fake.env();
  // Four processes at once (each spends ~2 s loading discord.js under tsx); they touch different routes.
  [dryRun, guildDeploy, globalDeploy, rejected] = await Promise.all([
    // No DISCORD_TOKEN at all, but a real address: anything sent would show in untouched.requests.
    runNpmDeploy(['--dry-run'], { DISCORD_API_URL: untouched.env().DISCORD_API_URL, DISCORD_TOKEN: '' }),
    runNpmDeploy(['--guild', fake.guild.id], { ...fake.env() }),
    runCliDeploy([], withoutClientId),
    runCliDeploy(['--guild', fake.guild.id], { ...fake.env(), DISCORD_TOKEN: REJECTED_TOKEN }),
  ]);
  try {
    printed = JSON.parse(dryRun.stdout) as RESTPostAPIApplicationCommandsJSONBody[];
  } catch {
    throw new Error(`npm run deploy -- --dry-run did not print JSON (exit ${String(dryRun.code)}):\nstdout: ${dryRun.stdout.slice(0, 500)}\nstderr: ${dryRun.stderr.slice(0, 1_000)}`);
  }
});

afterAll(async () => {
  await Promise.all([fake.close(), untouched.close()]);
});

/** The fields of a registered command that come from what was sent (ids and versions are Discord's). */
function asSent(command: APIApplicationCommand | RESTPostAPIApplicationCommandsJSONBody) {
  return {
    name: command.name,
    type: command.type ?? ApplicationCommandType.ChatInput,
    description: 'description' in command ? (command.description ?? '') : '',
    options: JSON.parse(JSON.stringify(('options' in command ? command.options : undefined) ?? [])) as unknown,
    contexts: command.contexts ?? null,
    integration_types: command.integration_types ?? null,
    default_member_permissions: command.default_member_permissions ?? null,
  };
}

describe('npm run deploy -- --dry-run', () => {
  test('GIVEN no DISCORD_TOKEN THEN it prints the JSON array of every command, exits 0 and sends nothing', () => {
    expect(dryRun.stderr).toBe('');
    expect(dryRun.code).toBe(0);
    expect(Array.isArray(printed)).toBe(true);
    expect(untouched.requests).toHaveLength(0);
    const names = printed.map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(['ask', 'quote', 'summary', 'pin-summary', 'source', 'help', 'Check against the story']));
  });

  test('GIVEN the printed commands THEN contexts, integration types, autocomplete flags and permissions are declared', () => {
    const byName = new Map(printed.map((command) => [command.name, command]));
    for (const command of printed) {
      expect(command.contexts, `${command.name} declares contexts`).toBeDefined();
      expect(command.integration_types, `${command.name} declares integration types`).toBeDefined();
    }
    const pin = byName.get('pin-summary');
    // Pinning is a server feature: not offered in DMs nor to user installs; hidden from members without Pin Messages.
    expect(pin?.contexts).toEqual([InteractionContextType.Guild]);
    expect(pin?.integration_types).toEqual([ApplicationIntegrationType.GuildInstall]);
    expect(pin?.default_member_permissions).toBe(PermissionFlagsBits.PinMessages.toString());
    for (const name of ['ask', 'quote', 'summary', 'source', 'help', 'Check against the story']) {
      const command = byName.get(name);
      expect(command?.contexts, name).toEqual(expect.arrayContaining([InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel]));
      expect(command?.integration_types, name).toEqual(expect.arrayContaining([ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall]));
    }
    expect(byName.get('Check against the story')?.type).toBe(ApplicationCommandType.Message);
    const autocompleted = (name: string, optionName: string): unknown => {
      const command = byName.get(name);
      const found = (command && 'options' in command ? (command.options ?? []) : []).find((candidate) => candidate.name === optionName);
      return found && found.type === ApplicationCommandOptionType.String ? found.autocomplete : undefined;
    };
    expect(autocompleted('ask', 'question')).toBe(true);
    expect(autocompleted('quote', 'speaker')).toBe(true);
  });
});

describe('npm run deploy against the fake Discord', () => {
  test('GIVEN --guild ID THEN exactly the dry-run commands are registered in that server, in one PUT', async () => {
    const guildId = fake.guild.id;
    const result = guildDeploy;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered ${printed.length} commands in server ${guildId}`);
    // (The rejected-token run's PUT, answered 401, is not one of ours.)
    const puts = fake.requests.filter((request) => request.route === 'PUT /applications/:app/guilds/:guild/commands' && request.authorized);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual(printed);
    expect(fake.guildCommands(guildId).map(asSent)).toEqual(printed.map(asSent));
    expect(fake.unknownRoutes).toEqual([]);
  });

  test('GIVEN no option and no DISCORD_CLIENT_ID THEN it asks Discord for the application id and registers the same commands globally', async () => {
    const result = globalDeploy;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered ${printed.length} commands globally for application ${fake.applicationId}`);
    expect(fake.requests.some((request) => request.route === 'GET /applications/@me')).toBe(true);
    const puts = fake.requests.filter((request) => request.route === 'PUT /applications/:app/commands');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual(printed);
    expect(fake.globalCommands().map(asSent)).toEqual(printed.map(asSent));
  });

  test('GIVEN a token Discord rejects THEN one line naming DISCORD_TOKEN and .env.example, exit 1, no token and no stack', async () => {
    const secret = REJECTED_TOKEN;
    const result = rejected;
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DISCORD_TOKEN');
    expect(lines[0]).toContain('.env.example');
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const refused = fake.requests.filter((request) => !request.authorized);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((request) => request.status === 401)).toBe(true);
  });
});

/**
 * `npm run deploy`: registers the application commands with Discord, globally or in one server
 * (`--guild ID`, instant, for testing). `--dry-run` prints the JSON array it would send and sends
 * nothing, needing no token. Separate from running the bot, as in discord.js's template.
 */
import { parseArgs } from 'node:util';
import {
  type APIApplication,
  DefaultRestOptions,
  DiscordAPIError,
  REST,
  RESTJSONErrorCodes,
  type RESTOptions,
  type RESTPostAPIApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { ConfigError, loadConfig, rejectedTokenMessage } from '../config.ts';
import type { AnyCommand } from './command.ts';
import { loadCommands } from './loader.ts';

/** Usage of `npm run deploy`. */
export const DEPLOY_USAGE = `Usage: npm run deploy -- [--guild ID] [--dry-run]
  (no option)   register the commands globally (every server and DM)
  --guild ID    register them in one server only: instant, for testing
  --dry-run     print the JSON that would be sent (the array of application commands); needs no token
Needs DISCORD_TOKEN (see .env.example); DISCORD_CLIENT_ID and DISCORD_API_URL are optional.`;

/** Options for `runDeploy`, mostly for tests. */
export interface DeployOptions {
  /** The commands to register (default: loaded from commands/). */
  commands?: readonly AnyCommand[];
  /** Environment to read instead of `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** dotenv file to load under it (default `.env`). */
  envFile?: string;
  /** Extra REST options (tests intercept `makeRequest`). */
  rest?: Partial<RESTOptions>;
  /** Where normal output goes (default stdout). */
  stdout?: (text: string) => void;
  /** Where the one-line error goes (default stderr). */
  stderr?: (text: string) => void;
}

/** A deploy problem for the person running it: printed as one line. */
class DeployError extends Error {
  override name = 'DeployError';
}

/** The JSON bodies Discord receives, in the order of the list. */
export function commandPayloads(commands: readonly AnyCommand[]): RESTPostAPIApplicationCommandsJSONBody[] {
  // A JSON round trip: what is printed is exactly what would be sent (no bigint, no builders).
  return JSON.parse(JSON.stringify(commands.map((command) => command.data))) as RESTPostAPIApplicationCommandsJSONBody[];
}

function parseDeployArgs(argv: string[]): { guild?: string; dryRun: boolean; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { guild: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new DeployError(`${(error as Error).message.split('\n')[0]} (see npm run deploy -- --help)`);
  }
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
    throw new DeployError(`--guild must be a server id (17 to 20 digits; Developer Mode → right-click the server → Copy Server ID), not "${values.guild}"`);
  }
  return { guild: values.guild, dryRun: values['dry-run'], help: values.help };
}

/** Turns a REST failure into the one line a person can act on. */
function explainRestError(error: unknown, api: string, guild: string | undefined): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return rejectedTokenMessage();
    if (guild && (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.UnknownGuild)) {
      return `Discord refused to register commands in server ${guild}: invite the bot there with the applications.commands scope (see the README), then deploy again.`;
    }
    return `Discord refused the commands (${error.status}, code ${error.code}): ${error.message}`;
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return `Could not reach Discord's API at ${api}: ${reason}. Check DISCORD_API_URL and your connection.`;
}

/**
 * Runs `deploy` with command-line arguments. Returns the exit code (also set on
 * `process.exitCode` when non-zero); prints one line on failure, never a stack or the token.
 */
export async function runDeploy(argv: string[], options: DeployOptions = {}): Promise<number> {
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(`${text}\n`));
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(`${text}\n`));
  try {
    const args = parseDeployArgs(argv);
    if (args.help) {
      stdout(DEPLOY_USAGE);
      return 0;
    }
    const body = commandPayloads(options.commands ?? (await loadCommands()));
    if (args.dryRun) {
      stdout(JSON.stringify(body, null, 2));
      return 0;
    }
    const config = loadConfig({ env: options.env, envFile: options.envFile, purpose: 'deploy' });
    const api = config.apiUrl ?? DefaultRestOptions.api;
    const rest = new REST({ ...options.rest, api }).setToken(config.token);
    try {
      const applicationId = config.clientId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
      const route = args.guild ? Routes.applicationGuildCommands(applicationId, args.guild) : Routes.applicationCommands(applicationId);
      const registered = (await rest.put(route, { body })) as unknown[];
      const where = args.guild ? `in server ${args.guild}` : 'globally';
      stdout(`Registered ${registered.length} commands ${where} for application ${applicationId}. Reload Discord (Ctrl+R) if a change does not show.`);
      return 0;
    } catch (error) {
      throw new DeployError(explainRestError(error, api, args.guild));
    }
  } catch (error) {
    if (!(error instanceof DeployError || error instanceof ConfigError)) throw error;
    stderr(`storybot: ${error.message}`);
    process.exitCode = 1;
    return 1;
  }
}

/**
 * The one `Command` type: what a command module default-exports, what the Discord layer routes
 * to, and what it hands each handler. src/discord never imports commands/: the caller (src/bot.ts,
 * the composition root) hands the list in.
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  StringSelectMenuInteraction,
  CommandInteraction,
  Message,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { CorpusSettings } from '../config.ts';
import type { ConversationMemory } from '../conversation-memory.ts';
import type { FeedbackPort } from '../store/feedback-port.ts';
import type { Source, Story } from '../story.ts';
import type { CooldownStore } from './cooldown.ts';

/**
 * How a handler ended, for the one log line per interaction. Anything not returned is logged as
 * `ok`; `dropped` (a DM left unanswered on purpose) is logged at debug; thrown errors are logged by the router as `user_error`, `expired` or `error`.
 */
export type CommandOutcome = 'ok' | 'answered' | 'abstained' | 'cooldown' | 'dropped' | 'refused' | 'paged' | 'voted';

/** Everything a command may use; built once per process and passed to every handler. */
export interface CommandContext {
  /** The story engine, loaded once. */
  story: Story;
  /** `story.sources()`, computed once (publishers and links for attribution). */
  sources: readonly Source[];
  /** Per-user cooldown on asking (local, or shared across shards through the manager). */
  cooldowns: CooldownStore;
  /** Logger for this interaction (already carries its id and command). */
  logger: Logger;
  /** Members' conversations in this process, so a follow-up is read in their light. */
  conversations?: ConversationMemory;
  /** Refused questions, votes and channel settings (records nothing when not configured). */
  feedback: FeedbackPort;
  /**
   * The corpus folder and how articles are fetched into it, for moderators' `/article`; absent
   * where the bot has no folder to write to (then `/article` says so).
   */
  corpus?: CorpusAccess;
}

/** Where articles are added and how they are fetched (the same settings as `npm run add`). */
export interface CorpusAccess extends CorpusSettings {
  /** Absolute path of the corpus folder the bot answers from (hot reload picks up what is written). */
  dir: string;
  /** Time a fetch may take, in milliseconds (default: the fetcher's 15 s). */
  fetchTimeoutMs?: number;
  /**
   * The story answering now, read afresh on each call: hot reload swaps it once a change to the
   * folder is built, so a moderator can be told when an added article is live.
   */
  live?: () => Story;
}

/**
 * A command module, as in discord.js's TypeScript template: `export default { data, execute }
 * satisfies Command`. `I` is the interaction it runs on: a slash command by default,
 * `MessageContextMenuCommandInteraction` for a message menu command. The router holds them as
 * `Command<CommandInteraction>` and only hands each the interactions whose type matches `data.type`.
 */
export interface Command<I extends CommandInteraction = ChatInputCommandInteraction> {
  /** The application command as registered with Discord (name, options, contexts, permissions). */
  data: RESTPostAPIApplicationCommandsJSONBody;
  /** Runs the command and says how it ended (for the log); errors are the router's to answer. */
  execute(interaction: I, context: CommandContext): Promise<CommandOutcome | void>;
  /** Suggests option values while the member types (must answer within 3 s, so: fast). */
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  /** Handles a press of a button whose custom id starts with `${data.name}:`. */
  button?(interaction: ButtonInteraction, context: CommandContext): Promise<CommandOutcome | void>;
  /** Handles a choice in a select menu whose custom id starts with `${data.name}:`. */
  select?(interaction: StringSelectMenuInteraction, context: CommandContext): Promise<CommandOutcome | void>;
  /** Handles a plain DM that is not a command (the first module that has this gets every DM). */
  directMessage?(message: Message, context: CommandContext): Promise<CommandOutcome | void>;
}

/** Any command, whatever interaction it runs on: how lists of commands are held. */
export type AnyCommand = Command<CommandInteraction>;

/** The command-name prefix of a custom id (`ask:more:...` → `ask`). */
export function customIdCommand(customId: string): string {
  return customId.split(':', 1)[0] ?? '';
}

/** Why a value is not a command module, or undefined when it is one. */
export function commandModuleProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'not an object (export default { data, execute } satisfies Command)';
  const candidate = value as Record<string, unknown>;
  const data = candidate.data as Record<string, unknown> | undefined;
  if (data === null || typeof data !== 'object') return 'no `data` object';
  if (typeof data.name !== 'string' || data.name === '') return '`data.name` is missing';
  if (typeof candidate.execute !== 'function') return `"${data.name}" has no execute function`;
  for (const hook of ['autocomplete', 'button', 'select', 'directMessage'] as const) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') return `"${data.name}".${hook} is not a function`;
  }
  return undefined;
}

/** True when `value` has the shape of a command module. */
export function isCommandModule(value: unknown): value is AnyCommand {
  return commandModuleProblem(value) === undefined;
}

/**
 * Checks a list of loaded modules: each must be a command module and names must be unique per
 * command type. Throws an Error naming the module and the problem.
 */
export function assertCommandModules(modules: readonly unknown[]): asserts modules is readonly AnyCommand[] {
  const seen = new Set<string>();
  for (const [index, module] of modules.entries()) {
    const problem = commandModuleProblem(module);
    if (problem) throw new TypeError(`command module #${index + 1}: ${problem}`);
    const { data } = module as AnyCommand;
    const key = `${data.type ?? 1}:${data.name}`;
    if (seen.has(key)) throw new TypeError(`command "${data.name}" is defined twice`);
    seen.add(key);
  }
}

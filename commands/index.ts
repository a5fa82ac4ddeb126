/**
 * The command list, checked at load time. One module per command, each default-exporting
 * `{ data, execute, autocomplete?, button?, directMessage? } satisfies Command`, as in discord.js's
 * TypeScript template. The composition root (src/bot.ts) and deploy hand this list to src/discord.
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteraction,
  Message,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { assertCommandModules, type CommandContext, type CommandModule, type CommandOutcome } from '../src/discord/command.ts';
import ask from './ask.ts';
import check from './check.ts';
import help from './help.ts';
import pinSummary from './pin-summary.ts';
import quote from './quote.ts';
import source from './source.ts';
import summary from './summary.ts';

/**
 * Defines the structure of a command. `I` is the interaction it runs on: a slash command by
 * default, `MessageContextMenuCommandInteraction` for a message menu command.
 */
export type Command<I extends CommandInteraction = ChatInputCommandInteraction> = {
  /** The command as registered with Discord: name, description, options, contexts, permissions. */
  data: RESTPostAPIApplicationCommandsJSONBody;
  /** Runs the command and says how it ended (for the log); errors are the router's to answer. */
  execute(interaction: I, context: CommandContext): Promise<CommandOutcome | void>;
  /** Suggests option values while the member types; must answer fast (3 s at most). */
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  /** Handles its buttons: those whose custom id starts with `${data.name}:`. */
  button?(interaction: ButtonInteraction, context: CommandContext): Promise<CommandOutcome | void>;
  /** Handles plain DMs that are not commands (only one command should). */
  directMessage?(message: Message, context: CommandContext): Promise<CommandOutcome | void>;
};

/** Every command, in the order /help and the deploy output list them. */
export const commands: readonly CommandModule[] = [ask, quote, summary, pinSummary, source, help, check];

// The runtime check of the template: a module that lost its default export fails here, by name.
assertCommandModules(commands);

export default commands;

/**
 * The one dispatch point. Every interaction and every plain DM comes through here: it finds the
 * command, runs it, catches whatever it throws (answering the member privately in plain words)
 * and writes one log line with the command, latency and outcome.
 */
import { ApplicationCommandType, type Interaction, type Message } from 'discord.js';
import type { Logger } from 'pino';
import type { Story } from '../story.ts';
import { type CommandContext, type AnyCommand, type CommandOutcome, customIdCommand } from './command.ts';
import type { CooldownStore } from './cooldown.ts';
import { classifyError, discordErrorCode, UserFacingError } from './errors.ts';
import { respondWithChoices, respondWithError } from './respond.ts';

/** Said when Discord sends a command this process does not know (deployed list out of date). */
export const UNKNOWN_COMMAND_MESSAGE = 'I do not know that command any more. Try /help to see what I can do.';
/** Said when a button belongs to a command that no longer handles buttons. */
export const STALE_BUTTON_MESSAGE = 'That button no longer works. Ask again to get a fresh answer.';

/** What the router needs. */
export interface RouterOptions {
  /** The commands, handed in by the composition root. */
  commands: readonly AnyCommand[];
  /** The story engine. */
  story: Story;
  /** Cooldown store shared by every command. */
  cooldowns: CooldownStore;
  /** Base logger; the router adds one child per interaction. */
  logger: Logger;
}

/** The router's two entry points. */
export interface Router {
  /** Handles one interaction; never throws. */
  handleInteraction(interaction: Interaction): Promise<void>;
  /** Handles one message; answers plain DMs from people, ignores everything else; never throws. */
  handleMessage(message: Message): Promise<void>;
}

function commandKey(type: ApplicationCommandType, name: string): string {
  return `${type}:${name}`;
}

/** What the log calls an interaction: its command name, or its custom id's prefix. */
function interactionName(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) return customIdCommand(interaction.customId);
  return 'unknown';
}

function interactionKind(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return 'slash';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isMessageContextMenuCommand()) return 'message_menu';
  if (interaction.isUserContextMenuCommand()) return 'user_menu';
  if (interaction.isButton()) return 'button';
  return `type_${interaction.type}`;
}

/** Builds the dispatch point over a list of commands. */
export function createRouter(options: RouterOptions): Router {
  const byKey = new Map<string, AnyCommand>();
  const byName = new Map<string, AnyCommand>();
  for (const command of options.commands) {
    byKey.set(commandKey(command.data.type ?? ApplicationCommandType.ChatInput, command.data.name), command);
    if (!byName.has(command.data.name)) byName.set(command.data.name, command);
  }
  const dmHandler = options.commands.find((command) => command.directMessage);
  const sources = options.story.sources();

  const contextFor = (logger: Logger): CommandContext => ({ story: options.story, sources, cooldowns: options.cooldowns, logger });

  async function dispatch(interaction: Interaction, context: CommandContext): Promise<CommandOutcome | void> {
    if (interaction.isChatInputCommand() || interaction.isContextMenuCommand()) {
      const command = byKey.get(commandKey(interaction.commandType, interaction.commandName));
      if (!command) throw new UserFacingError(UNKNOWN_COMMAND_MESSAGE);
      return command.execute(interaction, context);
    }
    if (interaction.isAutocomplete()) {
      const command = byKey.get(commandKey(ApplicationCommandType.ChatInput, interaction.commandName));
      if (command?.autocomplete) return command.autocomplete(interaction, context);
      return respondWithChoices(interaction, []);
    }
    if (interaction.isButton()) {
      const command = byName.get(customIdCommand(interaction.customId));
      if (!command?.button) throw new UserFacingError(STALE_BUTTON_MESSAGE);
      return command.button(interaction, context);
    }
    return undefined;
  }

  async function handleInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const logger = options.logger.child({
      interaction: interaction.id,
      command: interactionName(interaction),
      kind: interactionKind(interaction),
      user: interaction.user.id,
      guild: interaction.guildId ?? undefined,
    });
    let outcome: string;
    let failure: unknown;
    try {
      outcome = (await dispatch(interaction, contextFor(logger))) ?? 'ok';
    } catch (error) {
      const verdict = classifyError(error);
      outcome = verdict.outcome;
      failure = error;
      if (verdict.message !== undefined) {
        try {
          if (interaction.isAutocomplete()) await respondWithChoices(interaction, []);
          else if (interaction.isRepliable()) await respondWithError(interaction, verdict.message);
        } catch (replyError) {
          // The interaction may have expired meanwhile: say so in the log, do not crash.
          logger.warn({ err: replyError, code: discordErrorCode(replyError) }, 'could not send the error reply');
        }
      }
    }
    const fields = {
      outcome,
      latencyMs: Math.round(performance.now() - started),
      ageMs: Date.now() - interaction.createdTimestamp,
      ...(outcome === 'error' ? { err: failure } : {}),
      ...(outcome === 'expired' ? { code: discordErrorCode(failure) } : {}),
    };
    if (outcome === 'error') logger.error(fields, 'interaction');
    else if (outcome === 'expired') logger.warn(fields, 'interaction');
    else logger.info(fields, 'interaction');
  }

  async function handleMessage(message: Message): Promise<void> {
    // Only people's DMs: guild messages are not ours to read, bots (and we) are not asking.
    if (message.author.bot || message.system || message.inGuild() || message.author.id === message.client.user?.id) return;
    if (!dmHandler?.directMessage) return;
    const started = performance.now();
    const logger = options.logger.child({ message: message.id, command: 'dm', kind: 'dm', user: message.author.id });
    let outcome: string;
    let failure: unknown;
    try {
      outcome = (await dmHandler.directMessage(message, contextFor(logger))) ?? 'ok';
    } catch (error) {
      const verdict = classifyError(error);
      outcome = verdict.outcome;
      failure = error;
      if (verdict.message !== undefined) {
        await respondWithError(message, verdict.message).catch((replyError: unknown) => {
          logger.warn({ err: replyError, code: discordErrorCode(replyError) }, 'could not send the error reply');
        });
      }
    }
    const fields = { outcome, latencyMs: Math.round(performance.now() - started), ...(outcome === 'error' ? { err: failure } : {}) };
    if (outcome === 'error') logger.error(fields, 'message');
    else logger.info(fields, 'message');
  }

  return { handleInteraction, handleMessage };
}

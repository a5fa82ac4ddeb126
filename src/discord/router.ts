/**
 * The one dispatch point. Every interaction and every plain DM comes through here: it finds the
 * command, runs it, catches whatever it throws (answering the member privately in plain words)
 * and writes one log line with the command, latency and outcome.
 */
import { ApplicationCommandType, type Interaction, type Message } from 'discord.js';
import type { Logger } from 'pino';
import { ConversationMemory } from '../conversation-memory.ts';
import { type FeedbackPort, NO_FEEDBACK } from '../store/feedback-port.ts';
import type { Story } from '../story.ts';
import { type CommandContext, type AnyCommand, type CommandOutcome, type CorpusAccess, customIdCommand } from './command.ts';
import type { CooldownStore } from './cooldown.ts';
import { classifyError, discordErrorCode, UnusableInteractionError, UserFacingError } from './errors.ts';
import { InFlight } from './in-flight.ts';
import { respondWithChoices, respondWithError } from './respond.ts';

/** Said when Discord sends a command this process does not know (deployed list out of date). */
export const UNKNOWN_COMMAND_MESSAGE = 'I do not know that command any more. Try /help to see what I can do.';
/** Said when a button belongs to a command that no longer handles buttons. */
export const STALE_BUTTON_MESSAGE = 'That button no longer works. Ask again to get a fresh answer.';
/** Said for a select menu or form storybot did not make (an older version's, or a forged one). */
export const STALE_COMPONENT_MESSAGE = 'That menu or form is not one of mine, or no longer works. Ask again with /ask to get a fresh answer.';

/** What the router needs. */
export interface RouterOptions {
  /** The commands, handed in by the composition root. */
  commands: readonly AnyCommand[];
  /** The story engine. */
  story: Story;
  /**
   * The story to answer from when it can change while the bot runs (hot reload): read on every
   * interaction, so a reload swaps it at once. `story` when absent.
   */
  liveStory?: { readonly current: Story };
  /** Cooldown store shared by every command. */
  cooldowns: CooldownStore;
  /** Base logger; the router adds one child per interaction. */
  logger: Logger;
  /** Members' conversations (default: a new memory for this process). */
  conversations?: ConversationMemory;
  /** The feedback store; none records nothing. */
  feedback?: FeedbackPort;
  /** The corpus folder `/article` writes to; none means articles cannot be added from Discord. */
  corpus?: CorpusAccess;
}

/** The router's two entry points. */
export interface Router {
  /** Handles one interaction; never throws. */
  handleInteraction(interaction: Interaction): Promise<void>;
  /** Handles one message; answers plain DMs from people, ignores everything else; never throws. */
  handleMessage(message: Message): Promise<void>;
  /** Stops taking new interactions and DMs (shutting down); those in flight go on. */
  close(): void;
  /**
   * Resolves once every interaction and DM in flight is answered, or after `timeoutMs`, with the
   * number still unfinished then.
   */
  drain(timeoutMs: number): Promise<number>;
}

function commandKey(type: ApplicationCommandType, name: string): string {
  return `${type}:${name}`;
}

/** A custom id as sent, or undefined when a broken or hostile client left it out. */
function customIdOf(interaction: Interaction): string | undefined {
  const customId: unknown = interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId : undefined;
  return typeof customId === 'string' ? customId : undefined;
}

/** What the log calls an interaction: its command name, or its custom id's prefix. */
function interactionName(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return typeof interaction.commandName === 'string' ? interaction.commandName : 'unknown';
  const customId = customIdOf(interaction);
  return customId === undefined ? 'unknown' : customIdCommand(customId);
}

function interactionKind(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return 'slash';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isMessageContextMenuCommand()) return 'message_menu';
  if (interaction.isUserContextMenuCommand()) return 'user_menu';
  if (interaction.isButton()) return 'button';
  if (interaction.isAnySelectMenu()) return 'select_menu';
  if (interaction.isModalSubmit()) return 'modal';
  return `type_${String(interaction.type)}`;
}

/** The fields of the one log line that say who and what, read defensively (payloads may lack them). */
function interactionFields(interaction: Interaction): Record<string, unknown> {
  return {
    interaction: interaction.id,
    command: interactionName(interaction),
    kind: interactionKind(interaction),
    user: interaction.user?.id,
    guild: interaction.guildId ?? undefined,
  };
}

/** The commands, found by the key Discord sends: type and name, or a custom id's prefix. */
interface CommandTable {
  byKey: Map<string, AnyCommand>;
  byName: Map<string, AnyCommand>;
}

function commandTable(commands: readonly AnyCommand[]): CommandTable {
  const byKey = new Map<string, AnyCommand>();
  const byName = new Map<string, AnyCommand>();
  for (const command of commands) {
    byKey.set(commandKey(command.data.type ?? ApplicationCommandType.ChatInput, command.data.name), command);
    if (!byName.has(command.data.name)) byName.set(command.data.name, command);
  }
  return { byKey, byName };
}

/** Runs the command an interaction is for; throws what the member should be told. */
async function dispatch({ byKey, byName }: CommandTable, interaction: Interaction, context: CommandContext): Promise<CommandOutcome | void> {
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
    const customId = customIdOf(interaction);
    if (customId === undefined) throw new UnusableInteractionError(UNKNOWN_COMMAND_MESSAGE, 'malformed', 'button without custom_id');
    const command = byName.get(customIdCommand(customId));
    if (!command?.button) throw new UserFacingError(STALE_BUTTON_MESSAGE);
    return command.button(interaction, context);
  }
  if (interaction.isStringSelectMenu()) {
    const customId = customIdOf(interaction);
    if (customId === undefined) throw new UnusableInteractionError(UNKNOWN_COMMAND_MESSAGE, 'malformed', 'select menu without custom_id');
    const command = byName.get(customIdCommand(customId));
    if (command?.select) return command.select(interaction, context);
  }
  if (interaction.isAnySelectMenu() || interaction.isModalSubmit()) {
    // Only /ask's reason menu is storybot's: any other is an older version's, another app's or a forged one.
    throw new UnusableInteractionError(STALE_COMPONENT_MESSAGE, 'stale', `${interactionKind(interaction)} ${customIdOf(interaction) ?? '(no custom_id)'}`);
  }
  throw new UnusableInteractionError(UNKNOWN_COMMAND_MESSAGE, 'malformed', `interaction of type ${String(interaction.type)}`);
}

/** Answers a failed interaction with what the member should be told; an expired one is logged, never thrown. */
async function tellMember(interaction: Interaction, message: string, logger: Logger): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await respondWithChoices(interaction, []);
    else if (interaction.isRepliable()) await respondWithError(interaction, message);
  } catch (replyError) {
    logger.warn({ err: replyError, code: discordErrorCode(replyError) }, 'could not send the error reply');
  }
}

/**
 * People's DMs, and in a server a reply to one of our answers that mentions us (a follow-up):
 * other guild messages are not ours to read; bots (and we) are not asking.
 */
function isAskingUs(message: Message): boolean {
  const botId = message.client.user?.id;
  const followsUpOurAnswer = message.inGuild() && botId !== undefined && message.mentions.users.has(botId) && message.mentions.repliedUser?.id === botId;
  return !(message.author.bot || message.system || message.author.id === botId || (message.inGuild() && !followsUpOurAnswer));
}

/** Builds the dispatch point over a list of commands. */
export function createRouter(options: RouterOptions): Router {
  const table = commandTable(options.commands);
  const inFlight = new InFlight(options.logger);
  const dmHandler = options.commands.find((command) => command.directMessage);
  const conversations = options.conversations ?? new ConversationMemory();
  // Sources are computed once per story: a reload brings a new story and so new sources.
  let sourcesOf = { story: options.story, sources: options.story.sources() };
  const currentStory = (): Story => options.liveStory?.current ?? options.story;
  const contextFor = (logger: Logger): CommandContext => {
    const story = options.liveStory?.current ?? options.story;
    if (sourcesOf.story !== story) sourcesOf = { story, sources: story.sources() };
    return { story, sources: sourcesOf.sources, cooldowns: options.cooldowns, logger, conversations, feedback: options.feedback ?? NO_FEEDBACK, ...(options.corpus ? { corpus: { ...(options.liveStory ? { live: currentStory } : {}), ...options.corpus } } : {}) };
  };

  function handleInteraction(interaction: Interaction): Promise<void> {
    return inFlight.track(() => answerInteractionSafely(interaction), () => ({ interaction: (interaction as { id?: unknown } | null)?.id }));
  }

  async function answerInteractionSafely(interaction: Interaction): Promise<void> {
    try {
      await answerInteraction(interaction);
    } catch (error) {
      // Reading the payload for the log line failed: still never let it reach the process.
      options.logger.warn({ err: error, interaction: (interaction as { id?: unknown } | null)?.id }, 'unreadable interaction');
    }
  }

  async function answerInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const logger = options.logger.child(interactionFields(interaction));
    let outcome: string;
    let failure: unknown;
    let level: 'info' | 'warn' | 'error' = 'info';
    let reason: string | undefined;
    try {
      outcome = (await dispatch(table, interaction, contextFor(logger))) ?? 'ok';
    } catch (error) {
      const verdict = classifyError(error);
      ({ outcome, level, reason } = verdict);
      failure = error;
      if (verdict.message !== undefined) await tellMember(interaction, verdict.message, logger);
    }
    const fields = {
      outcome,
      latencyMs: Math.round(performance.now() - started),
      ageMs: Date.now() - interaction.createdTimestamp,
      ...(reason !== undefined ? { reason } : {}),
      ...(outcome === 'error' ? { err: failure } : {}),
      ...(outcome === 'expired' ? { code: discordErrorCode(failure) } : {}),
    };
    logger[level](fields, 'interaction');
  }

  function handleMessage(message: Message): Promise<void> {
    return inFlight.track(() => answerMessage(message), () => ({ message: message.id }));
  }

  async function answerMessage(message: Message): Promise<void> {
    if (!isAskingUs(message) || !dmHandler?.directMessage) return;
    const started = performance.now();
    const logger = options.logger.child({ message: message.id, command: 'dm', kind: message.inGuild() ? 'reply' : 'dm', user: message.author.id });
    let outcome: string;
    let failure: unknown;
    let level: 'debug' | 'info' | 'warn' | 'error' = 'info';
    try {
      outcome = (await dmHandler.directMessage(message, contextFor(logger))) ?? 'ok';
      if (outcome === 'dropped') level = 'debug';
    } catch (error) {
      const verdict = classifyError(error);
      outcome = verdict.outcome;
      failure = error;
      level = verdict.level;
      if (verdict.message !== undefined) {
        await respondWithError(message, verdict.message).catch((replyError: unknown) => {
          logger.warn({ err: replyError, code: discordErrorCode(replyError) }, 'could not send the error reply');
        });
      }
    }
    const fields = { outcome, latencyMs: Math.round(performance.now() - started), ...(outcome === 'error' ? { err: failure } : {}) };
    logger[level](fields, 'message');
  }

  return {
    handleInteraction,
    handleMessage,
    close: () => inFlight.close(),
    drain: (timeoutMs) => inFlight.drain(timeoutMs),
  };
}

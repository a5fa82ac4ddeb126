/**
 * Message menu "Check against the story": the message's text as a claim or question, answered
 * with the passages that bear on it, or a plain "the story does not say". Private: checking
 * someone's message should not read as a public rebuttal.
 */
import { ApplicationCommandType, ContextMenuCommandBuilder, type Message, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/errors.ts';
import { respond } from '../src/discord/respond.ts';
import { MAX_QUESTION_LENGTH, normaliseQuestion } from '../src/story.ts';
import { checkView, MAX_CHECK_PASSAGES } from '../src/views.ts';
import type { Command } from '../src/discord/command.ts';
import { acknowledge, ANY_INSTALL, EVERYWHERE_CONTEXTS, passCooldown } from './shared.ts';

/** The menu entry's name, as members see it under Apps. */
export const CHECK_COMMAND_NAME = 'Check against the story';
/** Said when the message has no text (only an image, a sticker, ...). */
export const NO_TEXT_MESSAGE = 'That message has no text I can check. Pick a message with words in it, or ask with /ask.';

/** The text of a message to check: its content, or else its first embed's (another bot's answer). */
export function messageText(message: Pick<Message, 'content' | 'embeds'>): string {
  const content = normaliseQuestion(message.content ?? '');
  if (content !== '') return content;
  const embed = message.embeds[0];
  return normaliseQuestion([embed?.title, embed?.description].filter(Boolean).join(' '));
}

/**
 * A claim the engine accepts: a message may be 6,000 characters but a question only
 * MAX_QUESTION_LENGTH, and the member cannot shorten someone else's message, so the claim is
 * cut at a word boundary instead of refused.
 */
export function fitClaim(text: string): string {
  if (text.length <= MAX_QUESTION_LENGTH) return text;
  const cut = text.slice(0, MAX_QUESTION_LENGTH);
  const space = cut.lastIndexOf(' ');
  return (space > MAX_QUESTION_LENGTH * 0.8 ? cut.slice(0, space) : cut).trimEnd();
}

export default {
  data: new ContextMenuCommandBuilder()
    .setName(CHECK_COMMAND_NAME)
    .setType(ApplicationCommandType.Message)
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .toJSON(),

  async execute(interaction: MessageContextMenuCommandInteraction, context: CommandContext) {
    const text = messageText(interaction.targetMessage);
    if (text === '') throw new UserFacingError(NO_TEXT_MESSAGE);
    if (!(await passCooldown(interaction, interaction.user.id, context))) return 'cooldown';
    await acknowledge(interaction, { ephemeral: true });
    const answer = context.story.ask(fitClaim(text), { limit: MAX_CHECK_PASSAGES });
    await respond(interaction, checkView(answer, { sources: context.sources }));
    return answer.answered ? 'answered' : 'abstained';
  },
} satisfies Command<MessageContextMenuCommandInteraction>;

/**
 * Message menu "Check against the story": the message's text as a claim or question, answered
 * with the passages that bear on it, or a plain "the story does not say". Private: checking
 * someone's message should not read as a public rebuttal.
 */
import { ApplicationCommandType, ContextMenuCommandBuilder, type Message, type MessageContextMenuCommandInteraction } from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/errors.ts';
import { respond } from '../src/discord/respond.ts';
import { checkReply } from '../src/replies.ts';
import { shownQuote, voteButtons } from '../src/discord/votes.ts';
import { normaliseQuestion } from '../src/story.ts';
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
    const gate = await passCooldown(interaction, interaction.user.id, context);
    if (gate !== 'pass') return gate;
    await acknowledge(interaction, { ephemeral: true });
    const { answer, view } = checkReply(context, text);
    await respond(interaction, view, { buttons: voteButtons(shownQuote(answer)) });
    return answer.answered ? 'answered' : 'abstained';
  },
} satisfies Command<MessageContextMenuCommandInteraction>;

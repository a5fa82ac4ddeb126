/** `/quote speaker [topic] [private]`: what one person said, each statement attributed. */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/errors.ts';
import { respond, respondWithChoices } from '../src/discord/respond.ts';
import { quotesReply, quotesRequest } from '../src/replies.ts';
import { acknowledge, ANY_INSTALL, EVERYWHERE_CONTEXTS, MAX_NAME_OPTION, MAX_TOPIC_OPTION, matching, passCooldown } from './shared.ts';

/** Said when the speaker option is blank (only spaces or invisible characters). */
export const BLANK_SPEAKER_MESSAGE = 'Name a person the story quotes, for example Stoltenberg. Pick one from the list that appears as you type.';

export default {
  data: new SlashCommandBuilder()
    .setName('quote')
    .setDescription('What one person said in the story, each statement attributed')
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .addStringOption((option) =>
      option.setName('speaker').setDescription('Who, e.g. Stoltenberg').setRequired(true).setMaxLength(MAX_NAME_OPTION).setAutocomplete(true),
    )
    .addStringOption((option) => option.setName('topic').setDescription('Only statements about this, e.g. nuclear weapons').setMaxLength(MAX_TOPIC_OPTION))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the reply (default: everyone in the channel)'))
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    const request = quotesRequest({ speaker: interaction.options.getString('speaker', true), topic: interaction.options.getString('topic') });
    if (request.speaker === undefined) throw new UserFacingError(BLANK_SPEAKER_MESSAGE);
    const gate = await passCooldown(interaction, interaction.user.id, context);
    if (gate !== 'pass') return gate;
    await acknowledge(interaction, { ephemeral: interaction.options.getBoolean('private') ?? false });
    const { statements, view } = quotesReply(context, request);
    await respond(interaction, view);
    return statements.length > 0 ? 'answered' : 'abstained';
  },

  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'speaker') return respondWithChoices(interaction, []);
    return respondWithChoices(interaction, matching(context.story.speakers(), focused.value));
  },
} satisfies Command;

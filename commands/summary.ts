/** `/summary [article] [post]`: an article's summary, just for the member unless they post it. */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { respond, respondWithChoices } from '../src/discord/respond.ts';
import { MAX_EMBED_DESCRIPTION } from '../src/discord/limits.ts';
import { summaryReply } from '../src/replies.ts';
import { acknowledge, ANY_INSTALL, articleChoices, EVERYWHERE_CONTEXTS, resolveArticle } from './shared.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('summary')
    .setDescription("The article's summary (only you see it unless you post it)")
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .addStringOption((option) => option.setName('article').setDescription('Which article (default: the first)').setAutocomplete(true))
    .addBooleanOption((option) => option.setName('post').setDescription('Post it for everyone in the channel (default: only you)'))
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    const article = resolveArticle(interaction.options.getString('article'), context);
    const post = interaction.options.getBoolean('post') ?? false;
    await acknowledge(interaction, { ephemeral: !post });
    await respond(interaction, summaryReply(context, { article, budget: MAX_EMBED_DESCRIPTION }).view);
    return 'answered';
  },

  async autocomplete(interaction, context) {
    return respondWithChoices(interaction, articleChoices(interaction.options.getFocused(), context));
  },
} satisfies Command;

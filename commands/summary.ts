/** `/summary [article] [post]`: an article's summary, just for the member unless they post it. */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import type { CommandContext } from '../src/discord/command.ts';
import { MAX_EMBED_DESCRIPTION } from '../src/discord/limits.ts';
import { respond, respondWithChoices } from '../src/discord/respond.ts';
import { summaryView } from '../src/views.ts';
import type { Command } from '../src/discord/command.ts';
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
    // The summary must fit one embed description: Discord's budget, passed to the core.
    const summary = context.story.summary(article, { maxLength: MAX_EMBED_DESCRIPTION });
    await respond(interaction, summaryView(summary, { sources: context.sources }));
    return 'answered';
  },

  async autocomplete(interaction, context) {
    return respondWithChoices(interaction, articleChoices(interaction.options.getFocused(), context));
  },
} satisfies Command;

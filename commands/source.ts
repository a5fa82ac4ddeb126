/** `/source`: the articles storybot answers from, with publisher, date, link and passage count. */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { respond } from '../src/discord/respond.ts';
import { sourcesReply } from '../src/replies.ts';
import { ANY_INSTALL, EVERYWHERE_CONTEXTS } from './shared.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('The articles I answer from: title, publisher, date and link')
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    await respond(interaction, sourcesReply(context), { ephemeral: true });
  },
} satisfies Command;

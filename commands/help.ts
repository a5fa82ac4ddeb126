/** `/help`: what storybot does and how to use it. */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { respond } from '../src/discord/respond.ts';
import { helpView } from '../src/views.ts';
import type { Command } from '../src/discord/command.ts';
import { ANY_INSTALL, EVERYWHERE_CONTEXTS } from './shared.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What I do and how to ask me')
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction) {
    await respond(interaction, helpView(), { ephemeral: true });
  },
} satisfies Command;

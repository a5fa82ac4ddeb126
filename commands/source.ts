/** `/source`: the articles storybot answers from, with publisher, date, link and passage count. */
import { type ChatInputCommandInteraction, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { respond } from '../src/discord/respond.ts';
import { sourcesReply } from '../src/replies.ts';
import { describeChannelSettings } from './settings.ts';
import { skippedFilesField } from '../src/views.ts';
import { ANY_INSTALL, EVERYWHERE_CONTEXTS } from './shared.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('The articles I answer from: title, publisher, date and link')
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    const view = sourcesReply(context);
    // In a server, also what this channel's /settings say (only those; DMs have none).
    if (interaction.inGuild() && context.feedback.enabled) {
      const titles = new Map(context.sources.map((source) => [source.id, source.title]));
      view.fields.push({ name: 'This channel', value: describeChannelSettings(context.feedback.channelSettings(interaction.channelId), titles) });
    }
    // Moderators (who can fix the corpus) also see the files left out and why.
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) && context.story.skipped.length > 0) {
      view.fields = [...view.fields, skippedFilesField(context.story.skipped)];
    }
    await respond(interaction, view, { ephemeral: true });
  },
} satisfies Command;

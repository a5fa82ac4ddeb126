/**
 * `/settings article [article]` and `/settings private enabled` for server managers: the article
 * this channel's questions are asked within unless a member names another, and whether answers
 * here are private unless a member asks otherwise. Kept in the feedback database, so every shard
 * and a restarted bot read the same. /source shows what a channel has.
 */
import {
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/errors.ts';
import { respond, respondWithChoices } from '../src/discord/respond.ts';
import type { ChannelSettings } from '../src/store/channel-settings.ts';
import { StoreUnavailableError } from '../src/store/feedback-store.ts';
import { noticeView } from '../src/views.ts';
import { articleChoices, resolveArticle } from './shared.ts';

/** Said outside a server. */
export const SETTINGS_GUILD_ONLY_MESSAGE = '/settings works in a server channel: it sets that channel\'s defaults.';
/** Said to a member without Manage Server. */
export const SETTINGS_PERMISSION_MESSAGE = 'Only members who can Manage Server can change this channel\'s settings.';
/** Said when the database cannot be reached. */
export const SETTINGS_UNAVAILABLE_MESSAGE = 'I cannot reach my settings database right now, so nothing was changed. Please try again in a few minutes.';
/** Said when the bot records nothing (no database configured). */
export const SETTINGS_OFF_MESSAGE = 'Channel settings need the feedback database, which this bot runs without.';

/** What a channel's defaults say, in one line per setting; `titles` names the article. */
export function describeChannelSettings(settings: Readonly<ChannelSettings>, titles: ReadonlyMap<string, string>): string {
  const article = settings.article ? `Questions here are asked within “${titles.get(settings.article) ?? settings.article}” unless a member names another article.` : 'Questions here search every article.';
  const privacy = settings.privateAnswers ? 'Answers here are private unless a member sets private: False.' : 'Answers here are public unless a member sets private: True.';
  return `${article}\n${privacy}`;
}

export default {
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription('Server managers: this channel\'s default article and privacy')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName('article')
        .setDescription('The article this channel\'s questions are asked within (leave empty for all)')
        .addStringOption((option) => option.setName('article').setDescription('Which article').setAutocomplete(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('private')
        .setDescription('Whether answers in this channel are private by default')
        .addBooleanOption((option) => option.setName('enabled').setDescription('True: only the asker sees answers').setRequired(true)),
    )
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    if (!interaction.inGuild()) throw new UserFacingError(SETTINGS_GUILD_ONLY_MESSAGE);
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) throw new UserFacingError(SETTINGS_PERMISSION_MESSAGE);
    if (!context.feedback.enabled) throw new UserFacingError(SETTINGS_OFF_MESSAGE);
    const change =
      interaction.options.getSubcommand() === 'article'
        ? { article: resolveArticle(interaction.options.getString('article'), context) ?? null }
        : { privateAnswers: interaction.options.getBoolean('enabled', true) };
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let settings: ChannelSettings;
    try {
      settings = await context.feedback.setChannelSettings({ guildId: interaction.guildId, channelId: interaction.channelId }, change);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw new UserFacingError(SETTINGS_UNAVAILABLE_MESSAGE);
      throw error;
    }
    const titles = new Map(context.sources.map((source) => [source.id, source.title]));
    await respond(interaction, noticeView(`Saved for this channel.\n${describeChannelSettings(settings, titles)}`));
  },

  async autocomplete(interaction, context) {
    return respondWithChoices(interaction, articleChoices(interaction.options.getFocused(), context));
  },
} satisfies Command;

/**
 * `/gaps [days]` for moderators: what members asked that the story did not answer, and the
 * answers they marked wrong, in this server over the last 7 or 30 days, the same question in
 * other words counted together, most asked first; paged with buttons that carry the period and
 * the page (no memory). Private to the moderator, like any moderation tool.
 */
import {
  ApplicationIntegrationType,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/errors.ts';
import { respond, type ReplyButton } from '../src/discord/respond.ts';
import { StoreUnavailableError } from '../src/store/feedback-store.ts';
import { GAP_PERIODS } from '../src/store/gaps.ts';
import { gapPageCount, gapsView } from '../src/store/gaps-view.ts';

/** Said outside a server. */
export const GAPS_GUILD_ONLY_MESSAGE = '/gaps works in a server: it lists what members of that server asked.';
/** Said to a member without Manage Messages. */
export const GAPS_PERMISSION_MESSAGE = 'Only moderators (Manage Messages) can see /gaps. Ask one of them to have a look.';
/** Said when the database cannot be reached. */
export const GAPS_UNAVAILABLE_MESSAGE = 'I cannot reach my feedback database right now. Questions are still answered and recorded as soon as it is back; try /gaps again in a few minutes.';

const PAGE_ID = /^gaps:page:(\d{1,4}):(\d{1,4})$/;

/** Previous and Next, carrying the period and the page they lead to. */
function pageButtons(days: number, page: number, pages: number): ReplyButton[] {
  const buttons: ReplyButton[] = [];
  if (page > 0) buttons.push({ customId: `gaps:page:${days}:${page - 1}`, label: 'Previous' });
  if (page + 1 < pages) buttons.push({ customId: `gaps:page:${days}:${page + 1}`, label: 'Next', style: 'primary' });
  return buttons;
}

/** Checked at every use: default permissions only hide a command, and servers can change them. */
function assertModerator(interaction: ChatInputCommandInteraction | ButtonInteraction): string {
  if (!interaction.inGuild()) throw new UserFacingError(GAPS_GUILD_ONLY_MESSAGE);
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages)) throw new UserFacingError(GAPS_PERMISSION_MESSAGE);
  return interaction.guildId;
}

async function showPage(interaction: ChatInputCommandInteraction | ButtonInteraction, context: CommandContext, guildId: string, days: number, page: number, update: boolean) {
  let gaps;
  try {
    gaps = await context.feedback.gaps({ days, guildId });
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw new UserFacingError(GAPS_UNAVAILABLE_MESSAGE);
    throw error;
  }
  const titles = new Map(context.sources.map((source) => [source.id, source.title]));
  const pages = gapPageCount(gaps);
  const shown = Math.min(page, pages - 1);
  await respond(interaction, gapsView(gaps, { days, page: shown, titles }), { update, buttons: pageButtons(days, shown, pages) });
}

export default {
  data: new SlashCommandBuilder()
    .setName('gaps')
    .setDescription('Moderators: questions the story did not answer and answers marked wrong')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .addIntegerOption((option) =>
      option
        .setName('days')
        .setDescription('How far back (default: 7 days)')
        .addChoices(...GAP_PERIODS.map((days) => ({ name: `last ${days} days`, value: days }))),
    )
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    const guildId = assertModerator(interaction);
    const days = interaction.options.getInteger('days') ?? GAP_PERIODS[0];
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await showPage(interaction, context, guildId, days, 0, false);
  },

  async button(interaction: ButtonInteraction, context: CommandContext) {
    const guildId = assertModerator(interaction);
    const match = PAGE_ID.exec(interaction.customId);
    if (!match) throw new UserFacingError('That button no longer works. Run /gaps again.');
    await interaction.deferUpdate();
    await showPage(interaction, context, guildId, Number(match[1]), Number(match[2]), true);
    return 'paged';
  },
} satisfies Command;

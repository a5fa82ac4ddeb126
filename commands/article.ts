/**
 * `/article add` and `/article remove`, for moderators (Manage Server, in servers only). A page by
 * its address, or an attached `.html`, `.txt` or `.md` file, becomes `ID.md` in the corpus folder
 * through the same pipeline as `npm run add` (the same address checks, size cap and content types,
 * the same cleaning, the same atomic write); hot reload makes it live without a restart, and the
 * file outlives restarts like any other. The private reply says what was kept and what was
 * dropped, with an Undo button; a removal replies with what was removed and an Undo that puts it
 * back.
 *
 * Buttons carry their state in the custom id, so they survive a restart where they can:
 * `article:undo:<moderator>:<digest>:<id>` removes the file just added only while it still holds
 * what was added; `article:restore:<moderator>:<token>` puts a removed file back from this
 * process's memory (a few files, for as long as the interaction lives).
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
import { existsSync } from 'node:fs';
import type { Command, CommandContext, CorpusAccess } from '../src/discord/command.ts';
import { UnusableInteractionError, UserFacingError, unknownArticleMessage } from '../src/discord/errors.ts';
import { buildReplyPayload, respond, respondWithChoices } from '../src/discord/respond.ts';
import { CorpusFileError, removeCorpusFile } from '../src/story.ts';
import { articleChoices } from './shared.ts';
import {
  addArticle,
  articleFileFor,
  MAX_ID_OPTION,
  parseArticleButton,
  removedFiles,
  restoreButtonId,
  undoButtonId,
  waitUntilLive,
} from './article/actions.ts';
import { addedView, ARTICLE_MESSAGES, removedView, restoredView, undoneView } from './article/views.ts';

/** The button that takes back an addition or a removal. */
export const UNDO_LABEL = 'Undo';

/** Who may use /article: in a server that installed the bot, with Manage Server. Throws what to tell them otherwise. */
function requireModerator(interaction: ChatInputCommandInteraction | ButtonInteraction, context: CommandContext): CorpusAccess {
  // A stale client may still send the command from a DM, or from a server where only the member installed the app.
  if (!interaction.inGuild() || interaction.authorizingIntegrationOwners[ApplicationIntegrationType.GuildInstall] === undefined) {
    throw new UserFacingError(ARTICLE_MESSAGES.guildOnly);
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) throw new UserFacingError(ARTICLE_MESSAGES.permission);
  if (!context.corpus) throw new UserFacingError(ARTICLE_MESSAGES.noCorpus);
  return context.corpus;
}

/** The text of a string option, trimmed; undefined when left out or blank. */
function textOption(interaction: ChatInputCommandInteraction, name: string): string | undefined {
  return interaction.options.getString(name)?.trim() || undefined;
}

async function add(interaction: ChatInputCommandInteraction, context: CommandContext, corpus: CorpusAccess): Promise<void> {
  const url = textOption(interaction, 'url');
  const attachment = interaction.options.getAttachment('file');
  if (url !== undefined && attachment) throw new UserFacingError(ARTICLE_MESSAGES.bothSources);
  if (url === undefined && !attachment) throw new UserFacingError(ARTICLE_MESSAGES.noSource);
  const given = { id: textOption(interaction, 'id'), title: textOption(interaction, 'title'), publisher: textOption(interaction, 'publisher'), published: textOption(interaction, 'published') };
  // Fetching can take seconds: acknowledged first, privately (only the moderator needs the report).
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const started = performance.now();
  const source = url !== undefined ? { url } : { file: { name: attachment?.name ?? '', size: attachment?.size ?? 0, url: attachment?.url ?? '' } };
  const added = await addArticle(source, given, context, corpus);
  context.logger.info(
    { article: added.article.id, paragraphs: added.article.paragraphs.length, dropped: added.article.dropped.length, source: url !== undefined ? 'url' : 'file', ms: Math.round(performance.now() - started) },
    'article added',
  );
  const buttons = [{ customId: undoButtonId(interaction.user.id, added.digest, added.article.id), label: UNDO_LABEL }];
  await respond(interaction, addedView(added.article), { buttons });
  // With hot reload, the report then says when members can ask about it (or why they cannot).
  if (!corpus.live) return;
  const state = await waitUntilLive(added.article.id, added.path, corpus.live);
  // Undone meanwhile: the message already says so and keeps saying it.
  // An edit of the same private report, never a follow-up (respond() would follow up once replied).
  if (state && existsSync(added.path)) await interaction.editReply(buildReplyPayload(addedView(added.article, state), { buttons }));
}

async function remove(interaction: ChatInputCommandInteraction, context: CommandContext, corpus: CorpusAccess): Promise<void> {
  const wanted = interaction.options.getString('id', true).trim();
  const found = articleFileFor(wanted, context, corpus.dir);
  if (!found) throw new UserFacingError(unknownArticleMessage(wanted));
  // Loading an empty corpus fails, and hot reload would keep answering from the old one: say so now.
  if (context.story.articles.length <= 1 && context.story.articles.some((article) => article.id === found.id)) throw new UserFacingError(ARTICLE_MESSAGES.lastArticle);
  let bytes: Buffer;
  try {
    bytes = removeCorpusFile(corpus.dir, found.file, { maxBytes: corpus.maxFileBytes });
  } catch (error) {
    if (error instanceof CorpusFileError) throw new UserFacingError(ARTICLE_MESSAGES.cannotRemove(found.id, error));
    throw error;
  }
  const token = removedFiles.put({ file: found.file, bytes, title: found.title, userId: interaction.user.id });
  context.logger.info({ article: found.id }, 'article removed');
  await respond(interaction, removedView(found), {
    ephemeral: true,
    buttons: [{ customId: restoreButtonId(interaction.user.id, token), label: UNDO_LABEL }],
  });
}

async function undoAdd(interaction: ButtonInteraction, corpus: CorpusAccess, id: string, digest: string): Promise<void> {
  try {
    removeCorpusFile(corpus.dir, `${id}.md`, { digest, maxBytes: corpus.maxFileBytes });
  } catch (error) {
    if (error instanceof CorpusFileError) throw new UserFacingError(ARTICLE_MESSAGES.staleUndo(id, error));
    throw error;
  }
  await respond(interaction, undoneView(id), { update: true });
}

async function undoRemove(interaction: ButtonInteraction, corpus: CorpusAccess, token: string): Promise<void> {
  const restored = removedFiles.restore(token, corpus.dir);
  await respond(interaction, restoredView(restored), { update: true });
}

export default {
  data: new SlashCommandBuilder()
    .setName('article')
    .setDescription('Moderators: add an article to the ones I answer from, or remove one')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Add an article from its web address or an attached page or text')
        .addStringOption((option) => option.setName('url').setDescription('The article\'s web address (https://…)').setMaxLength(2_000))
        .addAttachmentOption((option) => option.setName('file').setDescription('Or the article as an .html, .txt or .md file'))
        .addStringOption((option) => option.setName('title').setDescription('The headline, when the page does not state it').setMaxLength(300))
        .addStringOption((option) => option.setName('publisher').setDescription('Who published it').setMaxLength(100))
        .addStringOption((option) => option.setName('published').setDescription('When, as YYYY-MM-DD').setMinLength(10).setMaxLength(10))
        .addStringOption((option) => option.setName('id').setDescription('Its id (lowercase words and hyphens); made from the title otherwise').setMaxLength(MAX_ID_OPTION)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove an article from the ones I answer from')
        .addStringOption((option) => option.setName('id').setDescription('Which article').setRequired(true).setAutocomplete(true).setMaxLength(300)),
    )
    .toJSON(),

  async execute(interaction, context) {
    const corpus = requireModerator(interaction, context);
    if (interaction.options.getSubcommand() === 'add') await add(interaction, context, corpus);
    else await remove(interaction, context, corpus);
  },

  async autocomplete(interaction, context) {
    return respondWithChoices(interaction, articleChoices(interaction.options.getFocused(), context));
  },

  async button(interaction, context) {
    const action = parseArticleButton(interaction.customId);
    if (!action) throw new UnusableInteractionError(ARTICLE_MESSAGES.staleButton, 'malformed', `article button ${interaction.customId}`);
    const corpus = requireModerator(interaction, context);
    if (action.userId !== interaction.user.id) throw new UserFacingError(ARTICLE_MESSAGES.notYours);
    if (action.kind === 'undo') await undoAdd(interaction, corpus, action.id, action.digest);
    else await undoRemove(interaction, corpus, action.token);
    context.logger.info({ action: action.kind }, 'article change undone');
  },
} satisfies Command;


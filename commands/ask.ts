/**
 * `/ask question [article] [private]`: the best quote word for word with its speaker and
 * attribution, and a "More quotes" button that pages through the next passages. Also answers
 * plain DMs.
 *
 * Paging keeps no memory, so it works on any shard and after a restart: the button's custom id
 * carries the asker, the page to show and the article filter; the question is read back from the
 * answer's own footer (views.ts writes it there in plain text) and asked again.
 * Who may press it: anyone who can see the answer. The asker's press turns the page in place;
 * anyone else gets that page privately, with their own button, so nobody turns a page under the
 * asker's eyes. Who asked is read from Discord's record of the message, not from the button, so
 * a forged custom id cannot edit another member's answer; a button on a message the bot did not
 * write is refused.
 */
import { type ButtonInteraction, type ChatInputCommandInteraction, type Message, SlashCommandBuilder, type StringSelectMenuInteraction } from 'discord.js';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/errors.ts';
import { MAX_CUSTOM_ID } from '../src/discord/limits.ts';
import { respond, respondWithChoices, respondWithError, type ReplyButton } from '../src/discord/respond.ts';
import { conversationKey } from '../src/conversation-memory.ts';
import { ASK_QUOTE_LIMIT, askPage, type AskPage } from '../src/replies.ts';
import { MAX_QUESTION_LENGTH, normaliseQuestion } from '../src/story.ts';
import { parseAnswerFooter } from '../src/views.ts';
import { acknowledge, ANY_INSTALL, articleChoices, channelDefaults, EVERYWHERE_CONTEXTS, passCooldown, resolveArticle } from './shared.ts';
import { handleReason, handleVote, isVoteId, shownQuote, voteButtons } from '../src/discord/votes.ts';

/** Quotes fetched per question: the pages "More quotes" can turn through (src/replies.ts). */
export { ASK_QUOTE_LIMIT };
/** Label of the paging button. */
export const MORE_QUOTES_LABEL = 'More quotes';
/** Said to a DM with no text in it. */
export const EMPTY_DM_MESSAGE = 'Send me a question about the story as text, for example: What did NATO say about Putin? Type /help to see everything I can do.';
/** Said when the question cannot be read back from an answer (edited or very old message). */
export const UNREADABLE_ANSWER_MESSAGE = 'I can no longer read the question on that answer. Ask it again with /ask.';
/** Said when a page is gone (the story changed since the answer). */
export const NO_MORE_QUOTES_MESSAGE = 'There are no more quotes for that question. Try asking it another way.';

/** Said when a More quotes button names someone other than who asked, or sits on a message the bot did not write. */
export const FOREIGN_BUTTON_MESSAGE = 'That button does not belong to this answer. Ask your own question with /ask.';

const MORE_PREFIX = 'ask:more';

/** What a "More quotes" button carries. */
export interface MoreQuotesState {
  /** The member the answer belongs to. */
  asker: string;
  /** 0-based page to show when pressed. */
  page: number;
  /** Article filter of the original question, when it had one. */
  article?: string;
}

/** `ask:more:<asker>:<page>[:<article>]`; the article is left out if it would not fit 100 characters. */
export function moreQuotesId(state: MoreQuotesState): string {
  const base = `${MORE_PREFIX}:${state.asker}:${state.page}`;
  const withArticle = state.article ? `${base}:${state.article}` : base;
  return withArticle.length <= MAX_CUSTOM_ID ? withArticle : base;
}

/** Reads a "More quotes" custom id back, or undefined if it is not one. */
export function parseMoreQuotesId(customId: string): MoreQuotesState | undefined {
  const match = /^ask:more:(\d{1,20}):(\d{1,3})(?::([a-z0-9-]+))?$/.exec(customId);
  if (!match?.[1] || !match[2]) return undefined;
  return { asker: match[1], page: Number(match[2]), ...(match[3] ? { article: match[3] } : {}) };
}

/** "More quotes" when the answer has a page after this one, then 👍 and 👎 on the quote shown. */
function moreButtons(reply: AskPage, asker: string, article: string | undefined): ReplyButton[] {
  const votes = voteButtons(shownQuote(reply.answer, reply.page));
  if (!reply.hasNext) return votes;
  return [{ customId: moreQuotesId({ asker, page: reply.page + 1, article }), label: MORE_QUOTES_LABEL, style: 'primary' }, ...votes];
}

/** A refused question goes to /gaps (never who asked, nor a DM's channel). */
function recordIfRefused(reply: AskPage, question: string, article: string | undefined, place: { guildId: string | null; channelId: string | null }, context: CommandContext): void {
  // The answer's question is the one the engine answered (a follow-up resolved by the conversation).
  if (!reply.answer.answered) context.feedback.recordRefusal({ ...place, question, understood: reply.answer.understood, article: article ?? null });
}

/**
 * The first page of an answer (which may be "the story does not cover that"), the question read
 * in the light of the member's conversation in this place (`key`), which then remembers it.
 */
function firstPage(question: string, article: string | undefined, context: CommandContext, key: string): AskPage {
  const memory = context.conversations;
  const reply = askPage(context, { question, ...(article ? { article } : {}), ...(memory ? { conversation: memory.turns(key) } : {}) });
  // Only a request for a later page can find none.
  if (!reply) throw new Error('askPage returned no first page');
  memory?.remember(key, { understood: reply.answer.understood, answer: { quotes: reply.answer.quotes } });
  return reply;
}

/**
 * Who the answer carrying a button was for, as Discord says it (not as the button says): the
 * member whose interaction it answers, or whose DM it replies to. Undefined when Discord does not
 * say, and then nobody turns its page in place.
 */
function askerOf(interaction: ButtonInteraction): string | undefined {
  const message = interaction.message;
  return message.interactionMetadata?.user.id ?? message.mentions.repliedUser?.id ?? undefined;
}

export default {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the story; get the exact quote and who said it')
    .setContexts(...EVERYWHERE_CONTEXTS)
    .setIntegrationTypes(...ANY_INSTALL)
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question, e.g. What did Stoltenberg say about Putin?')
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_LENGTH)
        .setAutocomplete(true),
    )
    .addStringOption((option) => option.setName('article').setDescription('Only search this article').setAutocomplete(true))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer (default: everyone in the channel)'))
    .toJSON(),

  async execute(interaction: ChatInputCommandInteraction, context: CommandContext) {
    const question = interaction.options.getString('question', true);
    // The channel's defaults (/settings) apply unless the member chose otherwise.
    const defaults = channelDefaults(interaction, context);
    const article = resolveArticle(interaction.options.getString('article'), context) ?? defaults.article;
    const ephemeral = interaction.options.getBoolean('private') ?? defaults.privateAnswers;
    const gate = await passCooldown(interaction, interaction.user.id, context);
    if (gate !== 'pass') return gate;
    await acknowledge(interaction, { ephemeral });
    const reply = firstPage(question, article, context, conversationKey(interaction.user.id, interaction.channelId));
    recordIfRefused(reply, question, article, { guildId: interaction.guildId ?? null, channelId: interaction.channelId }, context);
    await respond(interaction, reply.view, { buttons: moreButtons(reply, interaction.user.id, article) });
    return reply.answer.answered ? 'answered' : 'abstained';
  },

  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'article') return respondWithChoices(interaction, articleChoices(focused.value, context));
    return respondWithChoices(interaction, context.story.suggest(normaliseQuestion(focused.value)));
  },

  async button(interaction: ButtonInteraction, context: CommandContext) {
    if (isVoteId(interaction.customId)) return handleVote(interaction, context);
    const state = parseMoreQuotesId(interaction.customId);
    if (!state) throw new UserFacingError(UNREADABLE_ANSWER_MESSAGE);
    const presser = interaction.user.id;
    const askedBy = askerOf(interaction);
    // Only a button on the bot's own answer, naming the member that answer was for.
    if (interaction.message.author.id !== interaction.client.user.id || (askedBy !== undefined && askedBy !== state.asker)) {
      await respondWithError(interaction, FOREIGN_BUTTON_MESSAGE);
      return 'refused';
    }
    const asked = parseAnswerFooter(interaction.message.embeds[0]?.footer?.text);
    if (!asked) throw new UserFacingError(UNREADABLE_ANSWER_MESSAGE);
    // An article removed from the corpus since: search everything rather than fail.
    const article = context.sources.some((source) => source.id === state.article) ? state.article : undefined;
    // The page turns in place only for the member who asked; anyone else's page is private.
    const inPlace = presser === state.asker && askedBy === presser;
    // Acknowledge before the engine runs.
    if (inPlace) await interaction.deferUpdate();
    else await acknowledge(interaction, { ephemeral: true });
    const reply = askPage(context, { question: asked.question, page: state.page, ...(article ? { article } : {}) });
    if (!reply) throw new UserFacingError(NO_MORE_QUOTES_MESSAGE);
    await respond(interaction, reply.view, { update: inPlace, buttons: moreButtons(reply, presser, article) });
    return 'paged';
  },

  async select(interaction: StringSelectMenuInteraction, context: CommandContext) {
    return handleReason(interaction, context);
  },

  async directMessage(message: Message, context: CommandContext) {
    // A reply to our answer in a server mentions us: the mention is not part of the question.
    const question = message.content.replace(/<@!?\d+>/g, ' ');
    if (normaliseQuestion(question) === '') {
      await respondWithError(message, EMPTY_DM_MESSAGE);
      return 'refused';
    }
    const gate = await passCooldown(message, message.author.id, context);
    if (gate !== 'pass') return gate;
    const reply = firstPage(question, undefined, context, conversationKey(message.author.id, message.channelId));
    recordIfRefused(reply, question, undefined, { guildId: null, channelId: null }, context);
    await respond(message, reply.view, { buttons: moreButtons(reply, message.author.id, undefined) });
    return reply.answer.answered ? 'answered' : 'abstained';
  },
} satisfies Command;

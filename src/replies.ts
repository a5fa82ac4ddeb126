/**
 * Request → View for every reply both front doors give: pages of an answer, a speaker's quotes,
 * summaries, the sources and checks of a claim. The Discord commands and the terminal (`npm run
 * chat`, `quotes`, `summary`, `sources`) come here, so a question is asked, paged and worded the
 * same way behind either door; a door only reads its own input and sends or prints the View.
 *
 * Budgets (how many characters a summary may fill) are passed in by the door that knows them:
 * Discord's embed limits live in src/discord/limits.ts, and nothing here knows them.
 */
import { MAX_QUESTION_LENGTH, normaliseQuestion, type ConversationTurn, type Story } from './story.ts';
import type { Answer, Source, Statement, Summary } from './types.ts';
import { answerPageCount, answerView, checkView, MAX_CHECK_PASSAGES, quotesView, sourcesView, summaryView, type View } from './views.ts';

/** What the replies ask of the story. */
export type ReplyStory = Pick<Story, 'ask' | 'quotes' | 'speakers' | 'summary' | 'sources'>;

/** The story and its sources (`story.sources()`, computed once by the door). */
export interface ReplyContext {
  /** The story engine. */
  story: ReplyStory;
  /** The corpus's articles: publishers and links for attribution. */
  sources: readonly Source[];
}

/** Quotes fetched per question: the pages "More quotes" (Discord) and `/more` (terminal) turn through. */
export const ASK_QUOTE_LIMIT = 10;

/** A question, and which page of its answer to show. */
export interface AskRequest {
  /** The question as the member typed it. */
  question: string;
  /** Only search this article. */
  article?: string;
  /**
   * 0-based page (one quote each) when turning pages; left out for a fresh question, whose
   * reply may also be "the story does not cover that".
   */
  page?: number;
  /** The conversation so far (oldest first), to read a follow-up in its light; absent when paging. */
  conversation?: readonly ConversationTurn[];
}

/** One page of an answer. */
export interface AskPage {
  /** The whole answer (the page is one of its quotes). */
  answer: Answer;
  /** The page shown, 0-based. */
  page: number;
  /** The reply. */
  view: View;
  /** Whether a next page exists (the door offers "More quotes" or `/more`). */
  hasNext: boolean;
}

/**
 * Asks the question and returns the page asked for. Paging keeps no memory: each page asks the
 * question again, so it works on any shard, after a restart and in the terminal alike.
 * Undefined when a page was asked for and the answer has no such page (the story changed since).
 */
export function askPage(context: ReplyContext, request: AskRequest): AskPage | undefined {
  const answer = context.story.ask(request.question, {
    limit: ASK_QUOTE_LIMIT,
    ...(request.article ? { article: request.article } : {}),
    ...(request.conversation ? { conversation: request.conversation } : {}),
  });
  const page = request.page ?? 0;
  const pages = answerPageCount(answer);
  if (request.page !== undefined && page >= pages) return undefined;
  return {
    answer,
    page,
    view: answerView(answer, { page, sources: context.sources }),
    hasNext: page + 1 < pages,
  };
}

/** Whose statements `/quote` lists, and on what. */
export interface QuotesRequest {
  /** The speaker asked for (undefined: everyone). */
  speaker?: string;
  /** Only statements about this. */
  topic?: string;
  /** Only statements in this article. */
  article?: string;
}

/** A quotes request from raw option values: each trimmed and normalised, blanks left out. */
export function quotesRequest(raw: { speaker?: string | null; topic?: string | null; article?: string | null }): QuotesRequest {
  const request: QuotesRequest = {};
  for (const key of ['speaker', 'topic', 'article'] as const) {
    const value = normaliseQuestion(raw[key] ?? '');
    if (value !== '') request[key] = value;
  }
  return request;
}

/**
 * Splits one line ("Jens Stoltenberg nuclear weapons", as typed after `/quote` in the terminal)
 * into the speaker the story knows and a topic: the longest opening run of words that names a
 * quoted speaker. When no opening names one, the whole text is the speaker, so the reply says the
 * story quotes no one by that name.
 */
export function splitSpeakerAndTopic(text: string, speakers: readonly string[]): { speaker?: string; topic?: string } {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  const known = speakers.map((name) => name.toLowerCase());
  for (let take = words.length; take > 0; take--) {
    const candidate = words.slice(0, take).join(' ');
    const lower = candidate.toLowerCase();
    if (known.some((name) => name === lower || name.endsWith(` ${lower}`) || lower.endsWith(` ${name}`))) {
      const topic = words.slice(take).join(' ');
      return { speaker: candidate, topic: topic === '' ? undefined : topic };
    }
  }
  return { speaker: text.trim() };
}

/** A quotes request from one typed line (see {@link splitSpeakerAndTopic}). */
export function quotesRequestFromText(text: string, speakers: readonly string[]): QuotesRequest {
  return quotesRequest(splitSpeakerAndTopic(normaliseQuestion(text), speakers));
}

/** A speaker's statements and the reply listing them. */
export interface QuotesReply {
  /** Every matching statement (the view may show fewer). */
  statements: Statement[];
  /** The reply. */
  view: View;
}

/**
 * `/quote`: the statements matching the request, each attributed; when none match, the speakers
 * the story does quote. `maxShown` lists more than an embed holds (the terminal lists them all).
 */
export function quotesReply(context: ReplyContext, request: QuotesRequest, options: { maxShown?: number } = {}): QuotesReply {
  const statements = context.story.quotes(request);
  const view = quotesView(statements, {
    speaker: request.speaker,
    topic: request.topic,
    speakers: context.story.speakers(),
    sources: context.sources,
    ...(options.maxShown !== undefined ? { maxShown: options.maxShown } : {}),
  });
  return { statements, view };
}

/** Which summary to show, and how. */
export interface SummaryRequest {
  /** The article (default: the first). */
  article?: string;
  /** The copy a moderator pins (its footer marks it, so pinning again replaces it). */
  pinned?: boolean;
  /** Characters the summary's text may fill (Discord: one embed description; terminal: unlimited). */
  budget: number;
}

/** An article's summary and its reply. */
export function summaryReply(context: ReplyContext, request: SummaryRequest): { summary: Summary; view: View } {
  const summary = context.story.summary(request.article, Number.isFinite(request.budget) ? { maxLength: request.budget } : {});
  const view = summaryView(summary, { sources: context.sources, budget: request.budget, ...(request.pinned ? { pinned: true } : {}) });
  return { summary, view };
}

/** `/source`: every article the story answers from. */
export function sourcesReply(context: Pick<ReplyContext, 'sources'>): View {
  return sourcesView(context.sources);
}

/**
 * A claim the engine accepts: a message may be 6,000 characters but a question only
 * MAX_QUESTION_LENGTH, and the member cannot shorten someone else's message, so the claim is
 * cut at a word boundary instead of refused.
 */
export function fitClaim(text: string): string {
  if (text.length <= MAX_QUESTION_LENGTH) return text;
  const cut = text.slice(0, MAX_QUESTION_LENGTH);
  const space = cut.lastIndexOf(' ');
  return (space > MAX_QUESTION_LENGTH * 0.8 ? cut.slice(0, space) : cut).trimEnd();
}

/** "Check against the story": the passages that bear on a claim, or a plain "it does not say". */
export function checkReply(context: ReplyContext, claim: string): { answer: Answer; view: View } {
  const answer = context.story.ask(fitClaim(claim), { limit: MAX_CHECK_PASSAGES });
  return { answer, view: checkView(answer, { sources: context.sources }) };
}

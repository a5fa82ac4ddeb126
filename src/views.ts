/**
 * The wording of every reply, shared by Discord and the terminal (src/replies.ts builds the views
 * from requests). Discord renders a View as an embed (src/discord/respond.ts, which also fits it
 * to Discord's limits); the terminal prints it as text (src/terminal/render.ts), so `npm run chat`
 * shows what a member sees. No Discord number is known here: where a view must fit a size, the
 * caller passes the budget.
 *
 * Contract of a View:
 * - `title`, `description` and field `name`/`value` are Discord-flavoured Markdown in which every
 *   piece of user or article text is escaped with `escapeMarkdown`, so a question like
 *   `**bold** @everyone` is shown as typed and never formats, links or pings.
 * - `footer` is plain text (Discord does not render Markdown in embed footers): the question is
 *   echoed there exactly as asked, which is also what lets the "More quotes" button re-ask it.
 * - No view reads the environment, the clock or Discord: they are pure functions of their inputs.
 */
import type { Answer, Quote, Source, Statement, Summary } from './types.ts';

/** One titled block of a view (an embed field on Discord, an indented block in the terminal). */
export interface ViewField {
  /** Short heading (Markdown, escaped). */
  name: string;
  /** Body (Markdown, escaped). */
  value: string;
}

/** What a reply is, so a front door can pick a colour or an icon. */
export type ViewTone = 'answer' | 'abstain' | 'notice' | 'error';

/** A reply, independent of where it is shown. */
export interface View {
  /** Heading (Markdown, escaped). */
  title?: string;
  /** Main text (Markdown, escaped). Never empty. */
  description: string;
  /** Further blocks, in order. */
  fields: ViewField[];
  /** Small print (plain text, not Markdown). */
  footer?: string;
  /** Link for the title (the article's address), where known. */
  url?: string;
  /** What kind of reply this is. */
  tone: ViewTone;
}

/** What the views may look up about the articles (publisher, link): `story.sources()`. */
export interface ViewContext {
  /** The corpus's articles; attribution names the publisher where one is known. */
  sources?: readonly Source[];
}

/** Options for `answerView`. */
export interface AnswerViewOptions extends ViewContext {
  /** 0-based index of the quote to show (the "More quotes" button pages through them). */
  page?: number;
}

/** Options for `quotesView`. */
export interface QuotesViewOptions extends ViewContext {
  /** The speaker asked for, echoed in the heading. */
  speaker?: string;
  /** The topic asked for, echoed in the heading. */
  topic?: string;
  /** Speakers the story does quote, suggested when nothing matched. */
  speakers?: readonly string[];
  /**
   * Statements listed before "and N more" (default `MAX_STATEMENTS_SHOWN`, which keeps an embed
   * readable). The terminal has no embed to fill, so `npm run quotes` lists them all.
   */
  maxShown?: number;
}

/** Options for `summaryView`. */
export interface SummaryViewOptions extends ViewContext {
  /** True for the copy a moderator pins: its footer carries `PINNED_SUMMARY_MARKER`. */
  pinned?: boolean;
  /**
   * Characters the description may fill (default: no limit). The paragraph marks are dropped
   * when they would not fit, rather than cutting the summary short.
   */
  budget?: number;
}

/** Statements shown by `/quote` before "and N more": enough to read, few enough to fit. */
export const MAX_STATEMENTS_SHOWN = 10;
/** Suggestions listed when the story does not cover a question. */
export const MAX_SUGGESTIONS_SHOWN = 5;
/** Passages listed by "Check against the story". */
export const MAX_CHECK_PASSAGES = 3;
/** Characters of a checked message echoed back (the whole message may be 6,000). */
export const MAX_CLAIM_ECHO = 300;
/**
 * Footer text that marks the bot's own pinned summaries, so pinning again finds and replaces
 * them instead of piling up. Changing it orphans summaries pinned before the change.
 */
export const PINNED_SUMMARY_MARKER = 'storybot · pinned summary';

/** Exact user-facing sentences, named so tests and front doors agree on them. */
export const MESSAGES = {
  /** First line of the reply when the story does not cover a question. */
  notCovered: 'The story does not cover that.',
  /** First line of the reply when a checked message finds nothing in the story. */
  claimNotCovered: 'The story does not say anything about this.',
  /** Shown when there is nothing to suggest either. */
  noSuggestions: 'Try `/source` to see which articles storybot knows, or ask about who said what in them.',
  /** A summary that has no sentences yet. */
  emptySummary: 'This article has no summary yet. Try `/ask` with a question about it.',
  /** `/source` with an empty corpus. */
  noSources: 'No articles are loaded, so there is nothing to ask about yet.',
} as const;

const INLINE_MARKDOWN = /[\\*_~`|[\]<>]/g;
const LINE_START_MARKDOWN = /^(\s*)([#>\-+]|\d+\.)/gm;

/**
 * Escapes Discord Markdown in user or article text so it shows exactly as written: no bold,
 * links, spoilers, headings, lists, block quotes or mention syntax. Every backslash is escaped
 * too, so `unescapeMarkdown` restores the text exactly.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE_MARKDOWN, (char) => `\\${char}`)
    // "1." is escaped as "1\." (a backslash before a digit is not an escape in Markdown).
    .replace(LINE_START_MARKDOWN, (_whole, space: string, marker: string) =>
      marker.endsWith('.') ? `${space}${marker.slice(0, -1)}\\.` : `${space}\\${marker}`,
    );
}

/** A URL scheme and its "//": what Discord turns into a clickable link. */
const LINK_SCHEME = /\b([a-z][a-z0-9+.-]*):\/\//gi;

/**
 * Breaks every "scheme://" in member text ("https://evil.example" → "https[:]//evil.example"),
 * so text the bot echoes is never a clickable link the bot seems to recommend. The address stays
 * readable; only the member's own copy of it is a link.
 */
export function defuseLinks(text: string): string {
  return text.replace(LINK_SCHEME, '$1[:]//');
}

/** Member text echoed in a reply: links defused, then Markdown escaped. */
export function echo(text: string): string {
  return escapeMarkdown(defuseLinks(text));
}

/** Inverse of `escapeMarkdown` (for terminals, which do not render Markdown). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\*_~`|[\]<>#\-+.])/g, '$1');
}

/** `text` on block-quote lines (escaped), word for word. */
function blockQuote(text: string): string {
  return escapeMarkdown(text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function sourceOf(articleId: string, context: ViewContext): Source | undefined {
  return context.sources?.find((source) => source.id === articleId);
}

/**
 * "paragraph N · article title · publisher" (publisher only where known), escaped Markdown.
 * The one attribution format every quote in every view uses.
 */
export function attribution(where: { article: string; paragraph: number; title?: string }, context: ViewContext = {}): string {
  const source = sourceOf(where.article, context);
  const title = where.title ?? source?.title ?? where.article;
  const parts = [`paragraph ${where.paragraph}`, title, source?.publisher].filter((part): part is string => Boolean(part));
  return escapeMarkdown(parts.join(' · '));
}

/** The speaker line under a quote ("— Stoltenberg"), or nothing when the words are the writer's. */
function speakerLine(speaker: string | null | undefined): string | undefined {
  return speaker ? `— ${escapeMarkdown(speaker)}` : undefined;
}

/** A quote word for word, its speaker and its attribution, one per line. */
function quoteBlock(quote: Pick<Quote, 'text' | 'speaker' | 'article' | 'paragraph'> & { title?: string }, context: ViewContext): string {
  return [blockQuote(quote.text), speakerLine(quote.speaker), attribution(quote, context)].filter(Boolean).join('\n');
}

function bulletList(items: readonly string[]): string {
  return items.map((item) => `• ${escapeMarkdown(item)}`).join('\n');
}

/**
 * The footer of an answer: which quote this is, then the question as understood (the question
 * exactly as asked, or a follow-up resolved: "what else did Stoltenberg say?").
 */
export function answerFooter(page: number, total: number, question: string): string {
  return `Quote ${page + 1} of ${total} · you asked “${question}”`;
}

const ANSWER_FOOTER = /^Quote (\d+) of (\d+) · you asked “([^\n]*)”$/;

/**
 * Reads back what `answerFooter` wrote: the 0-based page and the question. The "More quotes"
 * button uses it to re-ask the question from the message itself, so paging needs no memory and
 * works on any shard and after a restart. Undefined for any other footer.
 */
export function parseAnswerFooter(footer: string | null | undefined): { page: number; total: number; question: string } | undefined {
  const match = ANSWER_FOOTER.exec(footer ?? '');
  if (!match) return undefined;
  return { page: Number(match[1]) - 1, total: Number(match[2]), question: match[3] ?? '' };
}

/**
 * The quotes of each page of an answer: one each, except that the first page of a question asked
 * in parts shows each part's best quote, so every part is answered at once.
 */
function answerPages(answer: Answer): Quote[][] {
  if (!answer.answered) return [];
  const parts = answer.parts ?? [];
  if (parts.length < 2) return answer.quotes.map((quote) => [quote]);
  const lead = parts.flatMap((part) => part.quotes.slice(0, 1));
  const shown = new Set(lead.map(quoteKey));
  const rest = answer.quotes.filter((quote) => !shown.has(quoteKey(quote)));
  return [lead, ...rest.map((quote) => [quote])];
}

const quoteKey = (quote: Quote) => `${quote.article}#${quote.paragraph}:${quote.text}`;

/** Number of pages the "More quotes" button can show for an answer. */
export function answerPageCount(answer: Answer): number {
  return answerPages(answer).length;
}

/** The first page of a question asked in parts: each part as understood, with its best quote or "not in the story". */
function partsView(answer: Answer, parts: readonly Answer[], total: number, options: AnswerViewOptions): View {
  const sections = parts.map((part, index) => {
    const heading = `**${index + 1}. ${echo(part.understood)}**`;
    const quote = part.answered ? part.quotes[0] : undefined;
    return `${heading}\n${quote ? quoteBlock(quote, options) : MESSAGES.notCovered}`;
  });
  return {
    title: 'From the story',
    description: sections.join('\n\n'),
    fields: [],
    footer: answerFooter(0, total, answer.understood),
    url: sourceOf(parts.find((part) => part.answered)?.quotes[0]?.article ?? '', options)?.url,
    tone: 'answer',
  };
}

/** Suggestions, or the titles of the articles when the story has none to offer. */
function coverageHint(suggestions: readonly string[], context: ViewContext): ViewField[] {
  if (suggestions.length > 0) {
    return [{ name: 'It does cover', value: bulletList(suggestions.slice(0, MAX_SUGGESTIONS_SHOWN)) }];
  }
  const titles = (context.sources ?? []).map((source) => source.title);
  if (titles.length > 0) return [{ name: 'Ask about', value: bulletList(titles.slice(0, MAX_SUGGESTIONS_SHOWN)) }];
  return [{ name: 'Ask about', value: MESSAGES.noSuggestions }];
}

/**
 * An answer: the quote on `page` (the best one first) word for word in a block quote, its
 * speaker ("— Stoltenberg") and "paragraph N · article title · publisher". When the story does
 * not cover the question, says so plainly and lists what it does cover.
 */
export function answerView(answer: Answer, options: AnswerViewOptions = {}): View {
  const pages = answerPages(answer);
  const pageIndex = clampPage(options.page ?? 0, pages.length);
  if (pageIndex === 0 && (pages[0]?.length ?? 0) > 1 && answer.parts) return partsView(answer, answer.parts, pages.length, options);
  const quote = pages[pageIndex]?.[0];
  if (!quote && answer.refusal) {
    // A question in another language, or of emoji only: English suggestions would not help.
    return { title: 'Cannot read that question', description: `${escapeMarkdown(answer.refusal)} You asked: “${echo(answer.understood)}”`, fields: [], tone: 'abstain' };
  }
  if (!quote) {
    return {
      title: 'Not in the story',
      description: `${MESSAGES.notCovered} You asked: “${echo(answer.understood)}”`,
      fields: coverageHint(answer.suggestions, options),
      tone: 'abstain',
    };
  }
  return {
    title: quote.speaker ? `What ${escapeMarkdown(quote.speaker)} said` : 'From the story',
    description: quoteBlock(quote, options),
    fields: [],
    footer: answerFooter(pageIndex, pages.length, answer.understood),
    url: sourceOf(quote.article, options)?.url,
    tone: 'answer',
  };
}

/**
 * Every quote of an answer at once, numbered, each with its speaker and attribution (`npm run
 * ask`; chat and Discord page through them one at a time with `answerView`). An answer the story
 * does not cover reads as in `answerView`.
 */
export function answerListView(answer: Answer, context: ViewContext = {}): View {
  if (!answer.answered || answer.quotes.length === 0) return answerView(answer, context);
  const field = (quote: Quote, name: string): ViewField => ({
    name: `${name}${quote.speaker ? ` — ${escapeMarkdown(quote.speaker)}` : ''}`,
    value: [blockQuote(quote.text), attribution(quote, context)].join('\n'),
  });
  // A question asked in parts: each part under its own heading, as understood.
  const fields = answer.parts && answer.parts.length > 1
    ? answer.parts.flatMap((part, p) => part.answered && part.quotes.length > 0
      ? part.quotes.map((quote, index) => field(quote, index === 0 ? `${p + 1}. ${echo(part.understood)}` : `${p + 1}.${index + 1}`))
      : [{ name: `${p + 1}. ${echo(part.understood)}`, value: MESSAGES.notCovered }])
    : answer.quotes.map((quote, index) => field(quote, `${index + 1}.`));
  return { title: 'From the story', description: `You asked: “${echo(answer.understood)}”`, fields, tone: 'answer' };
}

function clampPage(page: number, total: number): number {
  if (!Number.isInteger(page) || page < 0) return 0;
  return Math.min(page, Math.max(total - 1, 0));
}

/**
 * A claim or question taken from a message ("Check against the story"): the passages that bear
 * on it, each attributed, or a plain statement that the story does not cover it.
 */
export function checkView(answer: Answer, context: ViewContext = {}): View {
  const claim = answer.question.length > MAX_CLAIM_ECHO ? `${answer.question.slice(0, MAX_CLAIM_ECHO - 1).trimEnd()}…` : answer.question;
  const echoed = `Checked: “${echo(claim)}”`;
  if (!answer.answered || answer.quotes.length === 0) {
    return {
      title: 'Not in the story',
      description: `${answer.refusal ? escapeMarkdown(answer.refusal) : MESSAGES.claimNotCovered}\n${echoed}`,
      fields: answer.refusal ? [] : coverageHint(answer.suggestions, context),
      tone: 'abstain',
    };
  }
  const quotes = answer.quotes.slice(0, MAX_CHECK_PASSAGES);
  return {
    title: 'What the story says about it',
    description: `${echoed}\nThese passages bear on it; read them and judge for yourself.`,
    fields: quotes.map((quote, index) => ({ name: `Passage ${index + 1}`, value: quoteBlock(quote, context) })),
    tone: 'answer',
  };
}

/** `/quote`: a speaker's statements (optionally on a topic), each attributed. */
export function quotesView(statements: readonly Statement[], options: QuotesViewOptions = {}): View {
  const who = options.speaker ? echo(options.speaker) : undefined;
  const about = options.topic ? ` about “${echo(options.topic)}”` : '';
  const title = who ? `What ${who} said${about}` : `Quotes${about}`;
  if (statements.length === 0) {
    const nobody = who
      ? options.topic
        ? `The story quotes nothing from ${who}${about}.`
        : `The story quotes no one called “${who}”.`
      : `The story quotes no one${about}.`;
    const speakers = options.speakers ?? [];
    return {
      title,
      description: nobody,
      fields: speakers.length > 0 ? [{ name: 'People the story quotes', value: bulletList(speakers.slice(0, MAX_STATEMENTS_SHOWN)) }] : [],
      tone: 'abstain',
    };
  }
  const shown = statements.slice(0, options.maxShown ?? MAX_STATEMENTS_SHOWN);
  const more = statements.length - shown.length;
  return {
    title,
    description: `${statements.length} statement${statements.length === 1 ? '' : 's'} in the story.`,
    fields: shown.map((statement) => ({
      name: `— ${escapeMarkdown(statement.speaker)}${statement.kind === 'reported' ? ' (reported)' : ''}`,
      value: [blockQuote(statement.text), attribution(statement, options)].join('\n'),
    })),
    footer: more > 0 ? `and ${more} more; add a topic to narrow them down` : undefined,
    tone: 'answer',
  };
}

/** `/summary` (and the pinned copy): the article's summary, with where it comes from. */
export function summaryView(summary: Summary, options: SummaryViewOptions = {}): View {
  const source = sourceOf(summary.article, options);
  const byline = [source?.publisher, source?.published].filter(Boolean).join(' · ');
  const small = [byline, options.pinned ? PINNED_SUMMARY_MARKER : 'storybot summary'].filter(Boolean).join(' · ');
  const speakers = [...new Set(summary.quotes.map((quote) => quote.speaker).filter((name): name is string => Boolean(name)))];
  return {
    title: escapeMarkdown(summary.title),
    description: summary.text.trim() === '' ? MESSAGES.emptySummary : summaryText(summary, options.budget ?? Infinity),
    fields: speakers.length > 0 ? [{ name: 'Quoted in this summary', value: speakers.map(escapeMarkdown).join(', ') }] : [],
    footer: small,
    url: source?.url,
    tone: 'answer',
  };
}

/**
 * The summary's sentences with where each stands: the sentences of one paragraph together, then
 * "(¶N)", so a reader of a pinned summary can check every sentence against the article. The
 * plain text when the marks would not fit the budget (one embed on Discord).
 */
function summaryText(summary: Summary, budget: number): string {
  const plain = escapeMarkdown(summary.text);
  const groups: { paragraph: number; sentences: string[] }[] = [];
  for (const quote of summary.quotes) {
    const last = groups.at(-1);
    if (last?.paragraph === quote.paragraph) last.sentences.push(quote.text);
    else groups.push({ paragraph: quote.paragraph, sentences: [quote.text] });
  }
  if (groups.length === 0) return plain;
  const marked = groups.map(({ paragraph, sentences }) => `${escapeMarkdown(sentences.join(' '))} (¶${paragraph})`).join('\n\n');
  return marked.length <= budget ? marked : plain;
}

/** True when a footer is the one `summaryView` writes on a pinned summary. */
export function isPinnedSummaryFooter(footer: string | null | undefined): boolean {
  return (footer ?? '').endsWith(PINNED_SUMMARY_MARKER);
}

/** `/source`: every article with publisher, date, link where known and its number of passages. */
export function sourcesView(sources: readonly Source[]): View {
  if (sources.length === 0) return { title: 'Sources', description: MESSAGES.noSources, fields: [], tone: 'notice' };
  return {
    title: 'Sources',
    description: `storybot answers from ${sources.length} article${sources.length === 1 ? '' : 's'}, quoting them word for word.`,
    fields: sources.map((source) => ({
      name: escapeMarkdown(source.title),
      value: [
        [source.publisher, source.published].filter(Boolean).map((part) => escapeMarkdown(String(part))).join(' · ') || 'publisher and date not given',
        `${source.passages} passage${source.passages === 1 ? '' : 's'} · id \`${source.id}\``,
        source.url ? `<${source.url}>` : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    })),
    tone: 'notice',
  };
}

/** Corpus files left out of the story, one line each naming the file and why (for moderators' `/source`). */
export function skippedFilesField(skipped: readonly { file: string; problem: string }[]): { name: string; value: string } {
  const lines = skipped.map(({ file, problem }) => `\`${escapeMarkdown(file.split('/').at(-1) ?? file)}\`: ${escapeMarkdown(problem)}`);
  return { name: `Files skipped (${skipped.length}; only moderators see this)`, value: lines.join('\n') };
}

/** `/help`: what the bot does and how to use it. */
export function helpView(): View {
  return {
    title: 'storybot',
    description:
      'I answer questions about the news story with exact quotes: who said it, in which paragraph, ' +
      'in which article. When the story does not say, I tell you so instead of guessing.',
    fields: [
      { name: '/ask question', value: 'Ask anything about the story. Pick a suggestion or type your own; set `private` to keep the answer to yourself. **More quotes** shows the next passage.' },
      { name: '/quote speaker [topic]', value: 'What one person said, optionally about a topic, each statement attributed.' },
      { name: '/summary [article] [post]', value: 'A short summary of an article, just for you unless you set `post`.' },
      { name: '/pin-summary [article]', value: 'Moderators: post the summary in this channel and pin it. Pinning again replaces the earlier pinned summary.' },
      { name: '/source', value: 'The articles I answer from: title, publisher, date and link.' },
      { name: '/article add | remove', value: 'Moderators (Manage Server): add an article by its web address or an attached page or text, or remove one. It is live in seconds; **Undo** takes it back.' },
      { name: 'Check against the story', value: 'Right-click (or long-press) a message → Apps → Check against the story: the passages that bear on what it says.' },
      { name: 'Direct messages', value: 'Send me a question in a DM and I answer it like `/ask`.' },
    ],
    tone: 'notice',
  };
}

/** A friendly message that something could not be done and what to do instead. */
export function errorView(message: string): View {
  return { description: escapeMarkdown(message), fields: [], tone: 'error' };
}

/** A short confirmation or notice (for example "Pinned the summary."). */
export function noticeView(message: string): View {
  return { description: escapeMarkdown(message), fields: [], tone: 'notice' };
}

/** "try again in N s" for a member who asked too often. */
export function cooldownMessage(seconds: number): string {
  const wait = Math.max(1, Math.ceil(seconds));
  return `You are asking quickly. Try again in ${wait} s.`;
}

/**
 * The one facade over storybot's core: load the corpus once, then ask, quote, summarise and list
 * sources. Front doors (terminal, Discord) import the core only through this module.
 */
import { createAnswererSteps, DEFAULT_QUOTE_LIMIT, type Answerer, type AnswererOptions } from './answer/answer.ts';
import { resolveFollowUp, type ConversationTurn, type ShownPassage } from './answer/conversation.ts';
import { answerInParts, splitQuestion } from './answer/question-shapes.ts';
import { StatementStore } from './answer/statements.ts';
import { summarise, type SummaryOptions } from './answer/summary.ts';
import { openCorpusSteps } from './cache/corpus.ts';
import { DEFAULT_CACHE_DIR } from './cache/snapshot.ts';
import { finish, finishInSlices, type SliceOptions, type Steps } from './cache/steps.ts';
import { normaliseLine } from './text/fold.ts';
import type { Answer, Article, Passage, Quote, Source, Statement, Summary } from './types.ts';

export { DEFAULT_QUOTE_LIMIT } from './answer/answer.ts';
export type { SummaryOptions } from './answer/summary.ts';
export type { ConversationTurn } from './answer/conversation.ts';
export { CorpusError } from './corpus/load.ts';
// Reading and checking a corpus without indexing it: `check-corpus`, and the benchmarks' peers.
export { loadCorpus } from './corpus/load.ts';
export { checkCorpus, checkCorpusFiles, formatFileChecks } from './corpus/check.ts';
/** Adding an article (`npm run add`, `/article add`): the front doors reach it through here. */
export { AddError, ATTACHABLE_FILE, articlePath, checkGiven, fetchAttachedFile, firstLine, fetchSource, formatAddReport, prepareArticle, readSource, writeArticle } from './corpus/add.ts';
export type { PreparedArticle } from './corpus/add.ts';
export { FetchError } from './corpus/fetch.ts';
export { CorpusFileError, fileDigest, removeCorpusFile, restoreCorpusFile } from './corpus/remove.ts';
export { DEFAULT_CACHE_DIR } from './cache/snapshot.ts';
export type * from './types.ts';

/** Longest question accepted, in characters. Longer text is refused with a clear message. */
export const MAX_QUESTION_LENGTH = 1_000;

/** A question that cannot be asked as it is (empty, too long): the message is for the user. */
export class QuestionError extends Error {
  override name = 'QuestionError';
}

/** An article id that is not in the corpus: the message lists the ones that are. */
export class UnknownArticleError extends Error {
  override name = 'UnknownArticleError';
  constructor(
    /** The id that was asked for. */
    readonly id: string,
    known: readonly string[],
  ) {
    super(`No article "${id}". Known articles: ${known.join(', ')}.`);
  }
}

/** Options for `Story.ask`. */
export interface AskOptions {
  /** Most quotes to return (default 5). */
  limit?: number;
  /** Search within this article only. */
  article?: string;
  /**
   * The conversation so far, oldest turn first: the question is read in its light ("what else did
   * he say?"). Absent for a question on its own.
   */
  conversation?: readonly ConversationTurn[];
}

/** Options for `Story.quotes`. */
export interface QuoteOptions {
  /** Only this speaker's statements (case-insensitive; surname or full name). */
  speaker?: string;
  /** Only statements about this topic, best match first. */
  topic?: string;
  /** Only this article. */
  article?: string;
}

/** Removes zero-width and bidirectional control characters and folds white space. */
export const normaliseQuestion = normaliseLine;

/** The question normalised, or a QuestionError saying why it cannot be asked as it is. */
function askable(question: string): string {
  const text = normaliseQuestion(question);
  if (text === '') throw new QuestionError('Ask a question about the story, for example "What did NATO say about Putin?"');
  if (text.length > MAX_QUESTION_LENGTH) {
    throw new QuestionError(`That question is ${text.length} characters long; keep it under ${MAX_QUESTION_LENGTH}.`);
  }
  return text;
}

/** Options for `Story.load`. */
export interface LoadOptions {
  /** Folder for snapshots of derived data (default `.cache/`); null never touches the disk. */
  cacheDir?: string | null;
  /** Ranking knobs, for the evaluation's ablations; the defaults are the measured best. */
  tunables?: AnswererOptions['tunables'];
  /** Largest article file read, in bytes (default 2 MB); a larger one is skipped by name. */
  maxFileBytes?: number;
}

/** A passage as ranked for a question, before quoting or abstaining. */
export interface RankedPassage {
  passage: Passage;
  score: number;
}

/** A corpus file left out of the story, and why (for the log, stderr and moderators' /source). */
export interface SkippedFile {
  /** The file as named in the corpus folder. */
  file: string;
  /** What is wrong with it, in plain words. */
  problem: string;
}

/** storybot's core, loaded once from a corpus folder. */
export class Story {
  /** The articles, sorted by file name. */
  readonly articles: readonly Article[];
  /** Corpus files that could not be used: the story answers from the others. */
  skipped: readonly SkippedFile[] = [];
  readonly #byId: Map<string, Article>;
  readonly #answerer: Answerer;
  /** Who said what in every article. */
  readonly #statements: StatementStore;
  /** Summaries per article id and length budget, made on first use. */
  readonly #summaries = new Map<string, Summary>();

  private constructor(articles: Article[], statements: StatementStore, answerer: Answerer) {
    this.articles = articles;
    this.#byId = new Map(articles.map((article) => [article.id, article]));
    this.#statements = statements;
    this.#answerer = answerer;
  }

  /**
   * Loads and indexes every article in a folder. Throws CorpusError for a bad file. Derived data
   * comes from a snapshot in `cacheDir` when one matches the corpus and the code, else it is
   * built and saved there.
   */
  static load(corpusDir: string, options: LoadOptions = {}): Story {
    return finish(Story.#loadSteps(corpusDir, options));
  }

  /**
   * Loads as `load` does, in slices between which the event loop runs: a bot opening a new
   * corpus's snapshots keeps answering from its old story meanwhile. Building what has no
   * snapshot yet is not sliced: build it first (a worker thread does, for hot reload).
   */
  static open(corpusDir: string, options: LoadOptions & SliceOptions = {}): Promise<Story> {
    return finishInSlices(Story.#loadSteps(corpusDir, options), options);
  }

  static *#loadSteps(corpusDir: string, options: LoadOptions): Steps<Story> {
    const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
    // The key is the content hash of the corpus files: it names every snapshot derived from them (none when snapshots are off).
    const { articles, key: corpusKey, skipped } = yield* openCorpusSteps(corpusDir, cacheDir, { maxFileBytes: options.maxFileBytes });
    yield;
    const statements = yield* StatementStore.openSteps(articles, { cacheDir, corpusKey });
    yield;
    const answerer = yield* createAnswererSteps(articles, { cacheDir, corpusKey, statements, tunables: options.tunables });
    const story = new Story(articles, statements, answerer);
    story.skipped = skipped.map(({ file, problem }) => ({ file, problem }));
    return story;
  }

  /** Whether the search index came from a snapshot (true) or was built by this load (false). */
  get fromSnapshot(): boolean {
    return this.#answerer.fromSnapshot;
  }

  /** The article with this id, or an UnknownArticleError listing the known ids. */
  article(id: string): Article {
    const article = this.#byId.get(id);
    if (!article) throw new UnknownArticleError(id, [...this.#byId.keys()]);
    return article;
  }

  /** Answers a question with exact quotes, or says the story does not cover it. */
  ask(question: string, options: AskOptions = {}): Answer {
    const text = askable(question);
    const within = options.article === undefined ? undefined : this.article(options.article).id;
    const limit = options.limit ?? DEFAULT_QUOTE_LIMIT;
    // Several questions in one: each part answered on its own, in the light of the parts before.
    const parts = splitQuestion(text);
    if (parts.length > 1) {
      const earlier = options.conversation ?? [];
      return answerInParts(text, parts, (part, before) => this.#askOne(part, limit, within, [...earlier, ...before]), limit);
    }
    return this.#askOne(text, limit, within, options.conversation ?? []);
  }

  /** One question, read in the light of the conversation's turns (none: as asked). */
  #askOne(text: string, limit: number, within: string | undefined, conversation: readonly ConversationTurn[]): Answer {
    if (conversation.length === 0) return this.#answerer.ask(text, { limit, article: within });
    const resolved = resolveFollowUp(conversation, text, this.speakers());
    if (resolved.intent.kind === 'statements') {
      const quotes = this.#nextStatements(resolved.intent.speaker, resolved.exclude, limit, within);
      if (quotes.length > 0) return { question: text, understood: resolved.understood, answered: true, quotes, suggestions: [] };
    }
    const answer = this.#answerer.ask(resolved.query, { limit, article: within, exclude: resolved.exclude });
    // A question that needed no context keeps the answerer's reading ("What did NATO say back?" → "How did NATO respond?").
    return { ...answer, question: text, understood: resolved.understood === text ? answer.understood : resolved.understood };
  }

  /**
   * A speaker's statements a conversation has not shown, as quotes: those after the last one shown,
   * in article order, then the earlier ones.
   */
  #nextStatements(speaker: string, shown: readonly ShownPassage[], limit: number, within: string | undefined): Quote[] {
    const seen = new Set(shown.map(({ article, paragraph }) => `${article}#${paragraph}`));
    const theirs = this.quotes({ speaker, article: within });
    const lastShown = theirs.findLastIndex((statement) => seen.has(`${statement.article}#${statement.paragraph}`));
    const ordered = [...theirs.slice(lastShown + 1), ...theirs.slice(0, Math.max(0, lastShown))];
    const fresh = ordered.filter((statement) => !seen.has(`${statement.article}#${statement.paragraph}`));
    const unique = fresh.filter((statement, index) => fresh.findIndex((other) => other.article === statement.article && other.paragraph === statement.paragraph) === index);
    return unique.slice(0, limit).map((statement, index) => ({
      text: statement.text,
      speaker: statement.speaker,
      article: statement.article,
      title: this.article(statement.article).title,
      paragraph: statement.paragraph,
      // In order of the story, not of relevance: the first is the next thing they said.
      score: Math.round((1 - index / Math.max(1, unique.length)) * 1000) / 1000,
    }));
  }

  /**
   * The passages ranked for a question, best first, whether or not the story covers it: what the
   * evaluation scores as retrieval, apart from abstaining.
   */
  rank(question: string, options: Pick<AskOptions, 'article'> = {}): RankedPassage[] {
    const within = options.article === undefined ? undefined : this.article(options.article).id;
    return this.#answerer.rank(askable(question), { article: within }).map(({ passage, score }) => ({ passage, score }));
  }

  /** Every attributed statement, optionally filtered by speaker, topic and article. */
  quotes(options: QuoteOptions = {}): Statement[] {
    const article = options.article === undefined ? undefined : this.article(options.article);
    return this.#statements.select({ speaker: options.speaker, topic: options.topic, article });
  }

  /**
   * Who said the words `[start, end)` of a paragraph (1-based) of an article, or null when they
   * are narration: what a quote of those words would name as its speaker.
   */
  speakerAt(articleId: string, paragraph: number, start: number, end: number): string | null {
    const passage = this.article(articleId).passages[paragraph - 1];
    return passage ? this.#statements.speakerAt(passage, start, end) : null;
  }

  /** The people the corpus quotes, most quoted first. */
  speakers(): string[] {
    return this.#statements.speakers();
  }

  /**
   * An extractive summary of one article (the first when none is named), within the caller's
   * length budget (Discord passes its embed limit; the terminal none).
   */
  summary(articleId?: string, options: SummaryOptions = {}): Summary {
    const article = articleId === undefined ? this.articles[0] : this.article(articleId);
    if (!article) throw new UnknownArticleError(String(articleId), []);
    const key = `${options.maxLength ?? Infinity} ${article.id}`;
    let summary = this.#summaries.get(key);
    if (!summary) {
      summary = summarise(article, this.#statements.of(article), options);
      this.#summaries.set(key, summary);
    }
    // A copy, so a caller that edits its summary does not edit the next caller's.
    return { ...summary, quotes: summary.quotes.map((quote) => ({ ...quote })) };
  }

  /** The articles with their metadata and passage counts. */
  sources(): Source[] {
    return this.articles.map(({ id, title, publisher, published, url, passages }) => ({
      id, title, publisher, published, url, passages: passages.length,
    }));
  }

  /** Questions and topics the story covers that start with or contain `partial` (autocomplete). */
  suggest(partial: string, limit = 25): string[] {
    return this.#answerer.suggest(normaliseQuestion(partial), limit);
  }
}

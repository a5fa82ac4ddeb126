/**
 * The one facade over storybot's core: load the corpus once, then ask, quote, summarise and list
 * sources. Front doors (terminal, Discord) import the core only through this module.
 */
import { createAnswerer, type Answerer, type AnswererOptions } from './answer/answer.ts';
import { findStatements, matchesSpeaker, rankSpeakers, speakerAt, speakerLookup, statementsAbout, type StatementSpan } from './answer/speakers.ts';
import { isStatementTable, packStatements, unpackStatements } from './answer/statement-table.ts';
import { summarise } from './answer/summary.ts';
import { openCorpus } from './corpus/snapshot.ts';
import { DEFAULT_CACHE_DIR, readSnapshot, writeSnapshot } from './snapshot.ts';
import type { Answer, Article, Passage, Source, Statement, Summary } from './types.ts';

export { CorpusError } from './corpus/load.ts';
export type * from './types.ts';

/** Longest question accepted, in characters. Longer text is refused with a clear message. */
export const MAX_QUESTION_LENGTH = 1_000;
/** Quotes in an answer unless the caller asks for another number. */
export const DEFAULT_QUOTE_LIMIT = 5;

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
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

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
}

/** A passage as ranked for a question, before quoting or abstaining. */
export interface RankedPassage {
  passage: Passage;
  score: number;
}

/** storybot's core, loaded once from a corpus folder. */
export class Story {
  /** The articles, sorted by file name. */
  readonly articles: readonly Article[];
  readonly #byId: Map<string, Article>;
  readonly #answerer: Answerer;
  /** Statements per article id, found on first use (attribution reads every sentence). */
  readonly #statements = new Map<string, readonly StatementSpan[]>();
  /** The speakers, most quoted first, ranked on first use (autocomplete asks on every key). */
  #speakers: readonly string[] | undefined;
  /** Every statement of the corpus, in article order, gathered on first use. */
  #allStatements: readonly StatementSpan[] | undefined;
  /** Every statement of the corpus by its speaker's names, indexed on the first `/quote` for a speaker. */
  #bySpeaker: ((query: string) => StatementSpan[]) | undefined;
  /** Summaries per article id, made on first use. */
  readonly #summaries = new Map<string, Summary>();

  /**
   * `corpusKey` is the content hash of the corpus files (`openCorpus`): it names every snapshot
   * derived from them. Undefined when snapshots are off.
   */
  private constructor(articles: Article[], cacheDir: string | null, corpusKey: string | undefined, tunables: LoadOptions['tunables']) {
    this.articles = articles;
    this.#byId = new Map(articles.map((article) => [article.id, article]));
    this.#loadStatements(cacheDir, corpusKey);
    this.#answerer = createAnswerer(articles, {
      cacheDir,
      corpusKey,
      speakerAt: (passage, start, end) => speakerAt(this.#statementsIn(this.article(passage.article)), passage, start, end),
      speakers: () => this.speakers(),
      tunables,
    });
  }

  /**
   * Loads and indexes every article in a folder. Throws CorpusError for a bad file. Derived data
   * comes from a snapshot in `cacheDir` when one matches the corpus and the code, else it is
   * built and saved there.
   */
  static load(corpusDir: string, options: LoadOptions = {}): Story {
    const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
    const { articles, key } = openCorpus(corpusDir, cacheDir);
    return new Story(articles, cacheDir, key, options.tunables);
  }

  /**
   * `load` under the name the benchmarks look for: a first call builds the snapshots, a later
   * start opens them. `fromSnapshot` says which happened.
   */
  static open(corpusDir: string, options: LoadOptions = {}): Story {
    return Story.load(corpusDir, options);
  }

  /** Whether the search index came from a snapshot (true) or was built by this load (false). */
  get fromSnapshot(): boolean {
    return this.#answerer.fromSnapshot;
  }

  /** Statements from the snapshot, or found for every article and saved (attribution is slow to start). */
  #loadStatements(cacheDir: string | null, key: string | undefined): void {
    if (cacheDir === null || key === undefined) return;
    const table = readSnapshot(cacheDir, 'statements', key, isStatementTable);
    const saved = table && unpackStatements(this.articles, table);
    if (saved) {
      for (const [index, article] of this.articles.entries()) this.#statements.set(article.id, saved[index] ?? []);
      return;
    }
    writeSnapshot(cacheDir, 'statements', key, packStatements(this.articles, this.articles.map((article) => this.#statementsIn(article))));
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
    return this.#answerer.ask(text, { limit, article: within });
  }

  /**
   * The passages ranked for a question, best first, whether or not the story covers it: what the
   * evaluation scores as retrieval, apart from abstaining.
   */
  rank(question: string, options: Pick<AskOptions, 'article'> = {}): RankedPassage[] {
    const within = options.article === undefined ? undefined : this.article(options.article).id;
    return this.#answerer.rank(askable(question), { article: within }).map(({ passage, score }) => ({ passage, score }));
  }

  /** The statements of one article with their offsets (for `speakerAt`), found once and kept. */
  #statementsIn(article: Article): readonly StatementSpan[] {
    let statements = this.#statements.get(article.id);
    if (!statements) {
      statements = findStatements(article);
      this.#statements.set(article.id, statements);
    }
    return statements;
  }

  /** Every attributed statement, optionally filtered by speaker, topic and article. */
  quotes(options: QuoteOptions = {}): Statement[] {
    const speaker = options.speaker?.trim();
    let statements: readonly StatementSpan[];
    if (options.article !== undefined) {
      statements = this.#statementsIn(this.article(options.article));
      if (speaker) statements = statements.filter((statement) => matchesSpeaker(statement, speaker));
    } else {
      statements = (this.#allStatements ??= this.articles.flatMap((article) => this.#statementsIn(article)));
      if (speaker) statements = (this.#bySpeaker ??= speakerLookup(statements))(speaker);
    }
    if (options.topic?.trim()) statements = statementsAbout(statements, options.topic);
    return statements.map(({ text, speaker: name, kind, article, paragraph }) => ({ text, speaker: name, kind, article, paragraph }));
  }

  /** The people the corpus quotes, most quoted first. */
  speakers(): string[] {
    this.#speakers ??= rankSpeakers(this.articles.flatMap((article) => this.#statementsIn(article)));
    return [...this.#speakers];
  }

  /** An extractive summary of one article (the first when none is named). */
  summary(articleId?: string): Summary {
    const article = articleId === undefined ? this.articles[0] : this.article(articleId);
    if (!article) throw new UnknownArticleError(String(articleId), []);
    let summary = this.#summaries.get(article.id);
    if (!summary) {
      summary = summarise(article, this.#statementsIn(article));
      this.#summaries.set(article.id, summary);
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

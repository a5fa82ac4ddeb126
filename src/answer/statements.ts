/**
 * The statements store: who said what in every article of a corpus, found once by attribution
 * (or read back from their snapshot, attribution being slow to start) and then looked up by
 * article, by speaker, by topic and by the words of a paragraph. Answers, `/quote`, summaries
 * and the speakers list all read this one store.
 */
import { DEFAULT_CACHE_DIR, readSnapshot, writeSnapshot } from '../cache/snapshot.ts';
import type { Article, Passage, Statement } from '../types.ts';
import { findStatements, type StatementSpan } from './speakers/attribution.ts';
import { matchesSpeaker, rankSpeakers, speakerAt, speakerLookup, statementsAbout } from './speakers/lookup.ts';
import { isStatementTable, packStatements, unpackStatementsSteps } from '../cache/statements.ts';
import { finish, type Steps } from '../cache/steps.ts';

/** What `StatementStore.select` narrows the statements to. */
export interface StatementQuery {
  /** Only this speaker's statements (case-insensitive; surname or full name). */
  speaker?: string;
  /** Only statements about this topic, best match first. */
  topic?: string;
  /** Only this article (an article of the store). */
  article?: Article;
}

/** Where the store's snapshot lives: `corpusKey` names the corpus and the code that read it. */
export interface StatementSnapshotOptions {
  /** Folder for snapshots (default `.cache/`); null never touches the disk. */
  cacheDir?: string | null;
  /** The corpus's content hash; without it nothing is read or saved. */
  corpusKey?: string;
}

/** Every statement of a fixed set of articles. */
export class StatementStore {
  readonly #articles: readonly Article[];
  readonly #articleById: ReadonlyMap<string, Article>;
  /** Statements per article id, found on first use (attribution reads every sentence). */
  readonly #byArticle = new Map<string, readonly StatementSpan[]>();
  /** Every statement of the corpus, in article order, gathered on first use. */
  #all: readonly StatementSpan[] | undefined;
  /** Every statement by its speaker's names, indexed on the first look-up by speaker. */
  #bySpeaker: ((query: string) => StatementSpan[]) | undefined;
  /** The speakers, most quoted first, ranked on first use (autocomplete asks on every key). */
  #speakers: readonly string[] | undefined;

  constructor(articles: readonly Article[]) {
    this.#articles = articles;
    this.#articleById = new Map(articles.map((article) => [article.id, article]));
  }

  /** A store whose statements come from the snapshot, or are found for every article and saved. */
  static open(articles: readonly Article[], options: StatementSnapshotOptions = {}): StatementStore {
    return finish(StatementStore.openSteps(articles, options));
  }

  /** `open` in steps (src/cache/steps.ts): reading the snapshot back may pause after each article. */
  static *openSteps(articles: readonly Article[], options: StatementSnapshotOptions = {}): Steps<StatementStore> {
    const store = new StatementStore(articles);
    const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
    const key = options.corpusKey;
    if (cacheDir === null || key === undefined) return store;
    const table = readSnapshot(cacheDir, 'statements', key, isStatementTable);
    yield;
    const saved = table && (yield* unpackStatementsSteps(articles, table));
    if (saved) {
      for (const [index, article] of articles.entries()) store.#byArticle.set(article.id, saved[index] ?? []);
    } else {
      writeSnapshot(cacheDir, 'statements', key, packStatements(articles, articles.map((article) => store.of(article))));
    }
    return store;
  }

  /** The statements of one article with their offsets, found once and kept. */
  of(article: Article): readonly StatementSpan[] {
    let statements = this.#byArticle.get(article.id);
    if (!statements) {
      statements = findStatements(article);
      this.#byArticle.set(article.id, statements);
    }
    return statements;
  }

  /** Every statement, in article order. */
  all(): readonly StatementSpan[] {
    return (this.#all ??= this.#articles.flatMap((article) => this.of(article)));
  }

  /**
   * Who said the words `passage.text.slice(start, end)`: the speaker of the statement that covers
   * them most, or null when they are narration.
   */
  speakerAt(passage: Passage, start: number, end: number): string | null {
    const article = this.#articleById.get(passage.article);
    return article ? speakerAt(this.of(article), passage, start, end) : null;
  }

  /** The statements a query selects, as plain statements (offsets and name forms left out). */
  select(query: StatementQuery = {}): Statement[] {
    const speaker = query.speaker?.trim();
    let statements: readonly StatementSpan[];
    if (query.article !== undefined) {
      statements = this.of(query.article);
      if (speaker) statements = statements.filter((statement) => matchesSpeaker(statement, speaker));
    } else {
      statements = this.all();
      if (speaker) statements = (this.#bySpeaker ??= speakerLookup(statements))(speaker);
    }
    if (query.topic?.trim()) statements = statementsAbout(statements, query.topic);
    return withoutFragments(statements).map(({ text, speaker: name, kind, article, paragraph }) => ({ text, speaker: name, kind, article, paragraph }));
  }

  /** The people the corpus quotes, most quoted first. */
  speakers(): string[] {
    this.#speakers ??= rankSpeakers(this.all());
    return [...this.#speakers];
  }
}

/**
 * A listing shows each statement once: a quotation that lies inside a sentence of the same speaker
 * reporting it ("…said the threat was “dangerous and reckless rhetoric.”") is that sentence's
 * fragment, and only the sentence is listed. Answers still quote the tighter one.
 */
function withoutFragments(statements: readonly StatementSpan[]): readonly StatementSpan[] {
  const byParagraph = new Map<string, StatementSpan[]>();
  for (const statement of statements) {
    const key = `${statement.article}#${statement.paragraph}`;
    byParagraph.set(key, [...(byParagraph.get(key) ?? []), statement]);
  }
  return statements.filter((statement) =>
    !(byParagraph.get(`${statement.article}#${statement.paragraph}`) ?? []).some((other) =>
      other !== statement && other.speaker === statement.speaker && other.start <= statement.start && other.end >= statement.end &&
      other.end - other.start > statement.end - statement.start));
}

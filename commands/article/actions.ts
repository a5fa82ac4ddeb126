/**
 * What `/article` does, apart from Discord: adding through the `npm run add` pipeline with every
 * failure turned into what a moderator can do about it, finding an article's file, the buttons'
 * custom ids, and the removed files kept for Undo. Not a command itself (commands/article.ts is; this folder holds its parts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CommandContext, CorpusAccess } from '../../src/discord/command.ts';
import { UserFacingError } from '../../src/discord/errors.ts';
import { MAX_CUSTOM_ID } from '../../src/discord/limits.ts';
import {
  AddError,
  articlePath,
  checkGiven,
  CorpusFileError,
  fetchAttachedFile,
  FetchError,
  fetchSource,
  fileDigest,
  normaliseQuestion,
  prepareArticle,
  restoreCorpusFile,
  writeArticle,
  type PreparedArticle,
  type Story,
} from '../../src/story.ts';
import { ARTICLE_MESSAGES } from './views.ts';

/**
 * Longest id a moderator may give: ids made from titles are at most 60 characters too, and the
 * Undo button's custom id (100 characters at most) carries the id whole.
 */
export const MAX_ID_OPTION = 60;
/** Removed files kept in memory for Undo, newest kept. */
export const MAX_REMOVED_KEPT = 20;
/** How long a removed file can be put back: an interaction's token, and so its buttons' replies, live 15 minutes. */
export const REMOVED_KEPT_MS = 15 * 60_000;

/** Where the article comes from: an address, or a file attached to the command. */
export type ArticleSource = { url: string } | { file: { name: string; size: number; url: string } };

/** What the moderator gave besides the source. */
export interface GivenOptions {
  id?: string;
  title?: string;
  publisher?: string;
  published?: string;
}

/** An article written to the corpus folder, and the digest of the file (for its Undo). */
export interface AddedArticle {
  article: PreparedArticle;
  path: string;
  digest: string;
}

/** An address typed without its scheme ("example.com/news/1") is meant as https. */
function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || !/^[\w-]+(?:\.[\w-]+)+(?:[/?#:]|$)/.test(url) ? url : `https://${url}`;
}

/** The first free id like `id` (`id-2`, `id-3`, ...), short enough for the Undo button. */
export function freeIdLike(id: string, taken: (candidate: string) => boolean): string {
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${id.slice(0, MAX_ID_OPTION - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/** Whether an id is already used: by an article answering now, or by a file in the folder (one added moments ago). */
function idTaken(id: string, context: Pick<CommandContext, 'story'>, corpusDir: string): boolean {
  return context.story.articles.some((article) => article.id === id) || existsSync(articlePath(corpusDir, id));
}

/** Refuses an id in use, suggesting a free one. */
function checkIdFree(id: string, context: Pick<CommandContext, 'story'>, corpusDir: string): void {
  if (!idTaken(id, context, corpusDir)) return;
  const title = context.story.articles.find((article) => article.id === id)?.title;
  throw new UserFacingError(ARTICLE_MESSAGES.duplicateId(id, title, freeIdLike(id, (candidate) => idTaken(candidate, context, corpusDir))));
}

/**
 * What to tell the moderator about a failure of the pipeline, or the error itself when it is not
 * theirs. An attached file is named by its name, not by Discord's long signed address.
 */
export function explainAddFailure(error: unknown, attachedName?: string): unknown {
  if (error instanceof FetchError) {
    const named = attachedName === undefined ? error : new FetchError(error.message.replace(/\bhttps?:\/\/\S+/g, attachedName), error.failure);
    return new UserFacingError(ARTICLE_MESSAGES.fetchFailed(named));
  }
  if (error instanceof AddError) return new UserFacingError(error.code === undefined ? ARTICLE_MESSAGES.addFailed(error.message) : ARTICLE_MESSAGES.unwritable(error.code));
  return error;
}

/**
 * Adds an article to the corpus folder as `npm run add` does: fetched (or the attached file
 * downloaded) with the same checks, cleaned, given metadata over the page's, written atomically.
 * Throws a UserFacingError saying what went wrong and what to do.
 */
export async function addArticle(source: ArticleSource, given: GivenOptions, context: Pick<CommandContext, 'story' | 'logger'>, corpus: CorpusAccess): Promise<AddedArticle> {
  if (given.id !== undefined && given.id.length > MAX_ID_OPTION) throw new UserFacingError(ARTICLE_MESSAGES.addFailed(`the id may be at most ${MAX_ID_OPTION} characters`));
  try {
    // Bad metadata is said before anything is fetched.
    checkGiven(given);
    if (given.id !== undefined) checkIdFree(given.id, context, corpus.dir);
    const options = { allowLoopback: corpus.allowLoopbackFetch, maxBytes: corpus.maxFileBytes, ...(corpus.fetchTimeoutMs ? { timeoutMs: corpus.fetchTimeoutMs } : {}) };
    const text = 'url' in source ? await fetchSource(withScheme(source.url), options) : await fetchAttachedFile(source.file, options);
    const article = prepareArticle(text, given);
    checkIdFree(article.id, context, corpus.dir);
    const path = writeArticle(corpus.dir, article);
    return { article, path, digest: fileDigest(readFileSync(path)) };
  } catch (error) {
    // A folder the bot cannot write to is for whoever runs it to fix: said in the log too.
    if (error instanceof AddError && error.code !== undefined) context.logger.warn({ code: error.code, corpus: corpus.dir }, `cannot write to the corpus folder: ${error.code}`);
    throw explainAddFailure(error, 'file' in source ? source.file.name : undefined);
  }
}

/** How long the reply to an addition waits for hot reload to make the article live before leaving it as it is. */
export const LIVE_WAIT_MS = 15_000;
/** How often it looks. */
const LIVE_POLL_MS = 200;

/** What became of an added article in the answering story: live, or skipped by the loader with its problem. */
export type LiveState = { live: true } | { problem: string };

/**
 * Waits until the story answering now (`live`, swapped by hot reload) holds the article, or has
 * skipped its file; undefined when neither happened within `timeoutMs`.
 */
export async function waitUntilLive(id: string, file: string, live: () => Story, timeoutMs = LIVE_WAIT_MS): Promise<LiveState | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const story = live();
    if (story.articles.some((article) => article.id === id)) return { live: true };
    const skipped = story.skipped.find((entry) => basename(entry.file) === basename(file));
    if (skipped) return { problem: skipped.problem };
    if (performance.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, LIVE_POLL_MS));
  }
}

/** An article's file in the corpus folder, found by its id or title. */
export interface ArticleFile {
  id: string;
  title: string;
  file: string;
}

/**
 * The file of the article a moderator named (the id autocomplete gives, or a title typed out); an
 * article written moments ago and not yet loaded is found by its `ID.md`. Undefined when none.
 */
export function articleFileFor(value: string, context: Pick<CommandContext, 'story'>, corpusDir: string): ArticleFile | undefined {
  const wanted = normaliseQuestion(value);
  const lower = wanted.toLowerCase();
  const article =
    context.story.articles.find((candidate) => candidate.id === wanted) ??
    context.story.articles.find((candidate) => candidate.title.toLowerCase() === lower || candidate.id === lower);
  if (article) return { id: article.id, title: article.title, file: article.file };
  if (/^[a-z0-9][a-z0-9-]{0,99}$/.test(lower) && existsSync(articlePath(corpusDir, lower))) return { id: lower, title: lower, file: articlePath(corpusDir, lower) };
  return undefined;
}

/** A snowflake in base 36: the same id in 13 characters or fewer, to leave the custom id room. */
function compactUser(userId: string): string {
  return BigInt(userId).toString(36);
}

/** The Undo button under an added article: who added it, what the file held, and its id. */
export function undoButtonId(userId: string, digest: string, id: string): string {
  const customId = `article:undo:${compactUser(userId)}:${digest}:${id}`;
  if (customId.length > MAX_CUSTOM_ID) throw new RangeError(`custom id for "${id}" is over ${MAX_CUSTOM_ID} characters`);
  return customId;
}

/** The Undo button under a removal: who removed it, and the token of the bytes kept. */
export function restoreButtonId(userId: string, token: string): string {
  return `article:restore:${compactUser(userId)}:${token}`;
}

/** What an /article button asks for, or undefined for a custom id that is not one of them. */
export type ArticleButton = { kind: 'undo'; userId: string; digest: string; id: string } | { kind: 'restore'; userId: string; token: string };

/** Reads an /article button's custom id back; undefined when it is malformed. */
export function parseArticleButton(customId: string): ArticleButton | undefined {
  const undo = /^article:undo:([0-9a-z]{1,13}):([\w-]{10}):([a-z0-9][a-z0-9-]{0,99})$/.exec(customId);
  const restore = /^article:restore:([0-9a-z]{1,13}):([\w-]{12})$/.exec(customId);
  const user = (undo ?? restore)?.[1];
  if (user === undefined) return undefined;
  const userId = [...user].reduce((value, digit) => value * 36n + BigInt(parseInt(digit, 36)), 0n).toString();
  if (undo) return { kind: 'undo', userId, digest: undo[2] ?? '', id: undo[3] ?? '' };
  return { kind: 'restore', userId, token: restore?.[2] ?? '' };
}

/** A removed file kept for its Undo. */
export interface RemovedFile {
  file: string;
  bytes: Buffer;
  title: string;
  userId: string;
}

/**
 * Files removed by `/article remove`, kept in this process's memory so Undo can put them back:
 * the last MAX_REMOVED_KEPT, for REMOVED_KEPT_MS. In memory rather than on disk, so nothing stays
 * in the corpus folder once an article is removed.
 */
export class RemovedFiles {
  readonly #kept = new Map<string, RemovedFile & { until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a removed file; returns the token its Undo button carries. */
  put(file: RemovedFile): string {
    const token = randomBytes(9).toString('base64url');
    this.#kept.set(token, { ...file, until: this.now() + REMOVED_KEPT_MS });
    for (const [old, entry] of this.#kept) if (this.#kept.size > MAX_REMOVED_KEPT || entry.until < this.now()) this.#kept.delete(old);
    return token;
  }

  /** Puts a removed file back and forgets it; throws what to tell the moderator when it cannot. */
  restore(token: string, corpusDir: string): RemovedFile {
    const entry = this.#kept.get(token);
    if (!entry || entry.until < this.now()) {
      this.#kept.delete(token);
      throw new UserFacingError(ARTICLE_MESSAGES.restoreGone);
    }
    try {
      restoreCorpusFile(corpusDir, basename(entry.file), entry.bytes);
    } catch (error) {
      if (error instanceof CorpusFileError) throw new UserFacingError(ARTICLE_MESSAGES.cannotRestore(basename(entry.file), error));
      throw error;
    }
    this.#kept.delete(token);
    return entry;
  }
}

/** This process's removed files (a shard answers every button of its servers, so one per process is enough). */
export const removedFiles = new RemovedFiles();

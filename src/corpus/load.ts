import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { finish, type Steps } from '../cache/steps.ts';
import type { Article, ArticleMeta, Passage } from '../types.ts';
import { extractParagraphs } from './clean.ts';
import { extractArticle } from './extract.ts';
import { DEFAULT_MAX_FILE_BYTES, readFileSafely, UnsafeFileError } from './safe-read.ts';
import { splitSentences } from './sentences.ts';

/** A corpus file that cannot be used, with the file and the problem named. */
export class CorpusError extends Error {
  override name = 'CorpusError';
  constructor(
    /** The offending file or folder. */
    readonly file: string,
    /** What is wrong with it, in plain words. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Article ids: lowercase words joined by hyphens, safe in URLs, custom ids and file names. */
export const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** A YAML front matter block at the start of a Markdown file. */
export const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const OPTIONAL_FIELDS = ['publisher', 'published', 'url'] as const;

/** The file names read as articles: Markdown with front matter, and pages and pastes cleaned on load. */
const ARTICLE_FILE = /\.(?:md|txt|html?)$/i;

/** An Article from its metadata and paragraphs, with passages and sentences. */
function articleOf(meta: ArticleMeta, file: string, paragraphs: readonly string[]): Article {
  const passages: Passage[] = paragraphs.map((text, index) => ({
    id: `${meta.id}#${index + 1}`,
    article: meta.id,
    paragraph: index + 1,
    text,
    sentences: splitSentences(text),
  }));
  return { ...meta, file, passages, text: paragraphs.join('\n\n') };
}

/**
 * A page (`.html`) or a paste (`.txt`) dropped into the corpus, cleaned as `npm run add` cleans
 * it: the id is the file name, the title the page's or the paste's first headline-like line.
 */
function parseCleanedArticle(file: string, source: string): Article {
  const id = basename(file).replace(/\.[^.]+$/, '').toLowerCase();
  if (!ARTICLE_ID.test(id)) throw new CorpusError(file, `bad id ${JSON.stringify(id)} from the file name: use lowercase letters, digits and hyphens`);
  const extracted = extractArticle(source.replace(/^\uFEFF/, ''), /\.html?$/i.test(file) ? 'html' : 'text');
  if (extracted.title === undefined) throw new CorpusError(file, 'no title: the page names none and no line reads as a headline (add it with `npm run add -- FILE --title T`)');
  if (extracted.paragraphs.length === 0) throw new CorpusError(file, 'empty text: no article paragraphs found');
  const meta: ArticleMeta = { id, title: extracted.title };
  for (const key of ['publisher', 'published', 'url'] as const) if (extracted[key] !== undefined) meta[key] = extracted[key];
  return articleOf(meta, file, extracted.paragraphs);
}

/** Reads one article file's text into an Article, or throws a CorpusError naming the problem. */
export function parseArticle(file: string, source: string): Article {
  if (/\.(?:txt|html?)$/i.test(file)) return parseCleanedArticle(file, source);
  const match = FRONT_MATTER.exec(source.replace(/^\uFEFF/, ''));
  if (!match) throw new CorpusError(file, 'no front matter: start the file with a "---" block holding at least a title');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new CorpusError(file, `malformed front matter: ${reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CorpusError(file, 'malformed front matter: expected "key: value" lines');
  }
  const fields = data as Record<string, unknown>;
  const title = fields.title;
  if (typeof title !== 'string' || title.trim() === '') throw new CorpusError(file, 'no title in the front matter');
  const id = fields.id ?? basename(file).replace(/\.md$/i, '');
  if (typeof id !== 'string' || !ARTICLE_ID.test(id)) {
    throw new CorpusError(file, `bad id ${JSON.stringify(id)}: use lowercase letters, digits and hyphens`);
  }
  const meta: ArticleMeta = { id, title: title.trim() };
  for (const key of OPTIONAL_FIELDS) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    // YAML reads an unquoted 2022-09-21 as a Date: keep the day as written.
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (typeof text !== 'string' || text.trim() === '') throw new CorpusError(file, `"${key}" must be text`);
    meta[key] = text.trim();
  }
  const body = source.slice((match.index ?? 0) + match[0].length + (source.startsWith('\uFEFF') ? 1 : 0));
  const paragraphs = extractParagraphs(body, meta.title);
  if (paragraphs.length === 0) throw new CorpusError(file, 'empty text: no paragraphs after the front matter');
  return articleOf(meta, file, paragraphs);
}

/**
 * The article files of a corpus folder (`*.md`, `*.txt`, `*.html` but a README or a hidden file),
 * sorted by name. Throws a CorpusError naming the folder when it cannot be read.
 */
export function listArticleFiles(dir: string): string[] {
  const folder = resolve(dir);
  try {
    if (!statSync(folder).isDirectory()) throw new CorpusError(folder, 'not a folder');
    return readdirSync(folder)
      .filter((name) => ARTICLE_FILE.test(name) && !name.startsWith('.') && !/^readme\./i.test(name))
      .sort()
      .map((name) => join(folder, name));
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(folder, `cannot read the corpus folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/**
 * One article file as read from disk: its bytes, or the CorpusError that reading it raised (thrown
 * when its turn to be parsed comes).
 */
export type ArticleFile = { file: string; bytes: Buffer } | { file: string; error: CorpusError };

/** How corpus files are read. */
export interface ReadOptions {
  /** Largest file read, in bytes (default 2 MB); a larger one is skipped by name. */
  maxFileBytes?: number;
}

/**
 * Reads one article file's bytes safely (a regular file inside its folder, under the size limit:
 * see safe-read.ts), keeping a refusal or failure as a CorpusError naming the file.
 */
export function readArticleFile(file: string, options: ReadOptions = {}): ArticleFile {
  try {
    return { file, bytes: readFileSafely(file, { root: dirname(resolve(file)), maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES }) };
  } catch (error) {
    const problem = error instanceof UnsafeFileError ? error.reason : `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    return { file, error: new CorpusError(file, problem) };
  }
}

/** Parses an article file read by `readArticleFile`, or throws a CorpusError naming it. */
export function parseArticleFile(source: ArticleFile): Article {
  if ('error' in source) throw source.error;
  return parseArticle(source.file, source.bytes.toString('utf8'));
}

/** Reads and parses one article file, or throws a CorpusError naming it. */
export function readArticle(file: string, options: ReadOptions = {}): Article {
  return parseArticleFile(readArticleFile(file, options));
}

/** The problem with an article whose id an earlier file already took, or undefined. */
export function duplicateIdProblem(article: Article, seen: ReadonlyMap<string, string>): string | undefined {
  const other = seen.get(article.id);
  return other === undefined ? undefined : `duplicate id "${article.id}" (also in ${basename(other)})`;
}

/**
 * Every article file of a corpus folder with its bytes, sorted by name. Throws a CorpusError
 * naming the folder when it cannot be listed or holds no article file. A file that cannot be read
 * is kept with its error, to be skipped and reported in its turn.
 */
export function readArticleFiles(dir: string, options: ReadOptions = {}): ArticleFile[] {
  return finish(readArticleFilesSteps(dir, options));
}

/** `readArticleFiles` in steps (src/cache/steps.ts): it may pause after each file. */
export function* readArticleFilesSteps(dir: string, options: ReadOptions = {}): Steps<ArticleFile[]> {
  const files = listArticleFiles(dir);
  if (files.length === 0) throw new CorpusError(resolve(dir), 'no articles: add one Markdown file per article');
  const read: ArticleFile[] = [];
  for (const file of files) {
    read.push(readArticleFile(file, options));
    yield;
  }
  return read;
}

/** A corpus as loaded: the articles that loaded, and each file skipped with its problem. */
export interface CorpusReport {
  articles: Article[];
  /** Files that could not be used, in file order; the rest answer without them. */
  skipped: CorpusError[];
}

/**
 * Parses the files `readArticleFiles` read, in order. A bad file, or one whose id an earlier file
 * took, is skipped and reported; the others load. Throws the first file's CorpusError only when
 * no file at all loads.
 */
export function parseArticleFilesReport(files: readonly ArticleFile[]): CorpusReport {
  return finish(parseArticleFilesSteps(files));
}

/** `parseArticleFilesReport` in steps (src/cache/steps.ts): it may pause after each file. */
export function* parseArticleFilesSteps(files: readonly ArticleFile[]): Steps<CorpusReport> {
  const seen = new Map<string, string>();
  const articles: Article[] = [];
  const skipped: CorpusError[] = [];
  for (const source of files) {
    try {
      const article = parseArticleFile(source);
      const duplicate = duplicateIdProblem(article, seen);
      if (duplicate) throw new CorpusError(source.file, duplicate);
      seen.set(article.id, source.file);
      articles.push(article);
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      skipped.push(error);
    }
    yield;
  }
  if (articles.length === 0 && skipped[0]) throw skipped[0];
  return { articles, skipped };
}

/** The articles of `parseArticleFilesReport`, bad files skipped. */
export function parseArticleFiles(files: readonly ArticleFile[]): Article[] {
  return parseArticleFilesReport(files).articles;
}

/** Loads every article file in a folder, sorted by file name, and reports the files skipped. */
export function loadCorpusReport(dir: string, options: ReadOptions = {}): CorpusReport {
  return parseArticleFilesReport(readArticleFiles(dir, options));
}

/**
 * Loads every article file in a folder, sorted by file name; a bad file is skipped (see
 * `loadCorpusReport` for which). Throws a CorpusError when the folder cannot be read or no
 * article loads.
 */
export function loadCorpus(dir: string, options: ReadOptions = {}): Article[] {
  return loadCorpusReport(dir, options).articles;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Article, ArticleMeta, Passage } from '../types.ts';
import { extractParagraphs } from './clean.ts';
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

/** Reads one article file's text into an Article, or throws a CorpusError naming the problem. */
export function parseArticle(file: string, source: string): Article {
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
  const passages: Passage[] = paragraphs.map((text, index) => ({
    id: `${id}#${index + 1}`,
    article: id,
    paragraph: index + 1,
    text,
    sentences: splitSentences(text),
  }));
  return { ...meta, file, passages, text: paragraphs.join('\n\n') };
}

/**
 * The article files of a corpus folder (`*.md` but a README), sorted by name. Throws a
 * CorpusError naming the folder when it cannot be read.
 */
export function listArticleFiles(dir: string): string[] {
  const folder = resolve(dir);
  try {
    if (!statSync(folder).isDirectory()) throw new CorpusError(folder, 'not a folder');
    return readdirSync(folder)
      .filter((name) => name.toLowerCase().endsWith('.md') && !/^readme\.md$/i.test(name))
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

/** Reads one article file's bytes, keeping a read failure as a CorpusError naming the file. */
export function readArticleFile(file: string): ArticleFile {
  try {
    return { file, bytes: readFileSync(file) };
  } catch (error) {
    return { file, error: new CorpusError(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`) };
  }
}

/** Parses an article file read by `readArticleFile`, or throws a CorpusError naming it. */
export function parseArticleFile(source: ArticleFile): Article {
  if ('error' in source) throw source.error;
  return parseArticle(source.file, source.bytes.toString('utf8'));
}

/** Reads and parses one article file, or throws a CorpusError naming it. */
export function readArticle(file: string): Article {
  return parseArticleFile(readArticleFile(file));
}

/** The problem with an article whose id an earlier file already took, or undefined. */
export function duplicateIdProblem(article: Article, seen: ReadonlyMap<string, string>): string | undefined {
  const other = seen.get(article.id);
  return other === undefined ? undefined : `duplicate id "${article.id}" (also in ${basename(other)})`;
}

/**
 * Every article file of a corpus folder with its bytes, sorted by name. Throws a CorpusError
 * naming the folder when it cannot be listed or holds no article. A file that cannot be read is
 * kept with its error, so that the files before it are still parsed (and fail) first.
 */
export function readArticleFiles(dir: string): ArticleFile[] {
  const files = listArticleFiles(dir);
  if (files.length === 0) throw new CorpusError(resolve(dir), 'no articles: add one Markdown file per article');
  return files.map(readArticleFile);
}

/**
 * Parses the files `readArticleFiles` read, in order. Throws a CorpusError naming the file for
 * the first bad one, and for duplicate ids.
 */
export function parseArticleFiles(files: readonly ArticleFile[]): Article[] {
  const seen = new Map<string, string>();
  return files.map((source) => {
    const article = parseArticleFile(source);
    const duplicate = duplicateIdProblem(article, seen);
    if (duplicate) throw new CorpusError(source.file, duplicate);
    seen.set(article.id, source.file);
    return article;
  });
}

/**
 * Loads every `*.md` article in a folder, sorted by file name. Throws a CorpusError naming the
 * file for the first bad one, and for duplicate ids.
 */
export function loadCorpus(dir: string): Article[] {
  return parseArticleFiles(readArticleFiles(dir));
}

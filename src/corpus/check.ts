import { basename } from 'node:path';
import { CorpusError, duplicateIdProblem, listArticleFiles, readArticle, type ReadOptions } from './load.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What checking found in one corpus file. */
export interface FileCheck {
  /** The file. */
  file: string;
  /** The article's title and paragraph count when it loads. */
  summary?: string;
  /** Each problem, one line naming the file; none means the file is good. */
  problems: string[];
}

/** The problems of an article's metadata beyond what loading needs: a real ISO day, an http(s) url, more than one paragraph. */
function metadataProblems(file: string, article: ReturnType<typeof readArticle>): string[] {
  const problems: string[] = [];
  if (article.published !== undefined) {
    const day = new Date(`${article.published}T00:00:00Z`);
    if (!ISO_DATE.test(article.published) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== article.published) {
      problems.push(`${file}: "published" must be a date as YYYY-MM-DD, not "${article.published}"`);
    }
  }
  if (article.url !== undefined && !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(article.url)) {
    problems.push(`${file}: "url" must be an http(s) address, not "${article.url}"`);
  }
  if (article.passages.length < 2) problems.push(`${file}: only ${article.passages.length} paragraph; is the text complete?`);
  return problems;
}

/**
 * Checks every article file of a corpus folder (`.md`, `.txt`, `.html`), each on its own: that it
 * is safe to read and loads, then its metadata, and that ids are unique. A folder that cannot be
 * listed or holds no article is one entry naming the folder.
 */
export function checkCorpusFiles(dir: string, options: ReadOptions = {}): FileCheck[] {
  let files: string[];
  try {
    files = listArticleFiles(dir);
  } catch (error) {
    return [{ file: dir, problems: [error instanceof CorpusError ? error.message : `${dir}: ${String(error)}`] }];
  }
  if (files.length === 0) return [{ file: dir, problems: [`${dir}: no articles`] }];
  const ids = new Map<string, string>();
  return files.map((file) => {
    try {
      const article = readArticle(file, options);
      const problems = metadataProblems(file, article);
      const duplicate = duplicateIdProblem(article, ids);
      if (duplicate) problems.unshift(`${file}: ${duplicate}`);
      ids.set(article.id, file);
      return { file, summary: `“${article.title}”, ${article.passages.length} paragraph${article.passages.length === 1 ? '' : 's'}`, problems };
    } catch (error) {
      return { file, problems: [error instanceof CorpusError ? error.message : `${file}: ${String(error)}`] };
    }
  });
}

/** Every problem of `checkCorpusFiles`, one line each naming its file; none is good. */
export function checkCorpus(dir: string, options: ReadOptions = {}): string[] {
  return checkCorpusFiles(dir, options).flatMap((check) => check.problems);
}

/** One line per file for `npm run check:corpus`: `ok` with the title, or the problem. */
export function formatFileChecks(checks: readonly FileCheck[]): string[] {
  return checks.flatMap((check) =>
    check.problems.length === 0 ? [`ok       ${basename(check.file)}: ${check.summary ?? ''}`] : check.problems.map((problem) => `skipped  ${problem}`),
  );
}

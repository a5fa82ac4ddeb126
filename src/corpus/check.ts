import { CorpusError, duplicateIdProblem, listArticleFiles, readArticle } from './load.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks every article's metadata beyond what loading needs: the date is a real ISO day, the url
 * is http(s), ids are unique. Returns one line per problem, each naming its file; none is good.
 */
export function checkCorpus(dir: string): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  let files: string[];
  try {
    files = listArticleFiles(dir);
  } catch (error) {
    return [error instanceof CorpusError ? error.message : `${dir}: ${String(error)}`];
  }
  if (files.length === 0) problems.push(`${dir}: no articles`);
  for (const file of files) {
    try {
      const article = readArticle(file);
      const duplicate = duplicateIdProblem(article, ids);
      if (duplicate) problems.push(`${file}: ${duplicate}`);
      ids.set(article.id, file);
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
    } catch (error) {
      problems.push(error instanceof CorpusError ? error.message : `${file}: ${String(error)}`);
    }
  }
  return problems;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusError, parseArticle } from './load.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks every article's metadata beyond what loading needs: the date is a real ISO day, the url
 * is http(s), ids are unique. Returns one line per problem, each naming its file; none is good.
 */
export function checkCorpus(dir: string): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.md') && !/^readme\.md$/i.test(name)).sort();
  } catch (error) {
    return [`${dir}: cannot read the corpus folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`];
  }
  if (names.length === 0) problems.push(`${dir}: no articles`);
  for (const name of names) {
    const file = join(dir, name);
    try {
      const article = parseArticle(file, readFileSync(file, 'utf8'));
      const other = ids.get(article.id);
      if (other) problems.push(`${file}: duplicate id "${article.id}" (also in ${other})`);
      ids.set(article.id, name);
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

/**
 * The statements of a corpus in the compact form their snapshot holds. A statement's words are
 * a slice of its paragraph and its speaker's names repeat across hundreds of statements, so the
 * table keeps offsets and an index into a table of speakers instead of copies: at 10,000
 * articles that is 5 MB of numbers to parse, not 51 MB of repeated text.
 */
import { finish, type Steps } from './steps.ts';
import type { Article, StatementKind } from '../types.ts';
import type { StatementSpan } from '../answer/speakers/attribution.ts';

/** Numbers per statement in `StatementTable.spans`. */
const SPAN_FIELDS = 5;
const KINDS: readonly StatementKind[] = ['direct', 'reported'];

/** Statements of every article of a corpus, in article order. */
export interface StatementTable {
  /** Each distinct speaker with every form the article uses for them: `[speaker, names]`. */
  speakers: [speaker: string, names: string[]][];
  /** How many statements each article has, in article order. */
  counts: number[];
  /** Per statement, flat: paragraph number, start and end in the paragraph, speaker index, kind index. */
  spans: number[];
}

/** The table of `statements` (one list per article, in the order of `articles`). */
export function packStatements(articles: readonly Article[], statements: readonly (readonly StatementSpan[])[]): StatementTable {
  const speakers: StatementTable['speakers'] = [];
  const speakerIndex = new Map<string, number>();
  const spans: number[] = [];
  const counts = articles.map((_, articleIndex) => {
    const list = statements[articleIndex] ?? [];
    for (const { speaker, names, kind, paragraph, start, end } of list) {
      const entry = JSON.stringify([speaker, names]);
      let who = speakerIndex.get(entry);
      if (who === undefined) {
        who = speakers.push([speaker, [...names]]) - 1;
        speakerIndex.set(entry, who);
      }
      spans.push(paragraph, start, end, who, KINDS.indexOf(kind));
    }
    return list.length;
  });
  return { speakers, counts, spans };
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** Whether data read back from disk has the shape of a statement table. */
export function isStatementTable(data: unknown): data is StatementTable {
  if (data === null || typeof data !== 'object') return false;
  const { speakers, counts, spans } = data as Partial<Record<keyof StatementTable, unknown>>;
  return (
    Array.isArray(speakers) &&
    speakers.every((entry: unknown) => Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1]) && (entry[1] as unknown[]).every((name) => typeof name === 'string')) &&
    Array.isArray(counts) &&
    counts.every(isCount) &&
    Array.isArray(spans) &&
    spans.every(isCount)
  );
}

/**
 * The statements of each article (in the order of `articles`, the articles the table was packed
 * from) read back from disk, or undefined when the table does not fit them (another number of
 * articles or of statements, a span outside its paragraph, a speaker or kind the table lacks):
 * the caller then finds them again. Statements of one speaker share one `names` array.
 */
export function unpackStatements(articles: readonly Article[], table: StatementTable): StatementSpan[][] | undefined {
  return finish(unpackStatementsSteps(articles, table));
}

/** `unpackStatements` in steps (src/cache/steps.ts): it may pause after each article. */
export function* unpackStatementsSteps(articles: readonly Article[], { speakers, counts, spans }: StatementTable): Steps<StatementSpan[][] | undefined> {
  if (counts.length !== articles.length || spans.length !== counts.reduce((sum, count) => sum + count, 0) * SPAN_FIELDS) return undefined;
  const result: StatementSpan[][] = [];
  let at = 0;
  for (const [articleIndex, article] of articles.entries()) {
    const list: StatementSpan[] = [];
    for (let left = counts[articleIndex] ?? 0; left > 0; left -= 1, at += SPAN_FIELDS) {
      const paragraph = spans[at] ?? 0;
      const start = spans[at + 1] ?? 0;
      const end = spans[at + 2] ?? 0;
      const [speaker, names] = speakers[spans[at + 3] ?? -1] ?? [];
      const kind = KINDS[spans[at + 4] ?? -1];
      const passage = article.passages[paragraph - 1];
      if (!passage || speaker === undefined || names === undefined || !kind || start > end || end > passage.text.length) return undefined;
      list.push({ text: passage.text.slice(start, end), speaker, kind, article: article.id, paragraph, start, end, names });
    }
    result.push(list);
    yield;
  }
  return result;
}

/**
 * What members asked and did not get: questions refused as "not covered" and answers marked 👎,
 * over the last days, grouped by question key (the same question in other words counts once),
 * most asked first. Counting is done by the database; one query per kind.
 */
import { type Kysely, sql } from 'kysely';
import type { StoreSchema } from './schema.ts';

/** Periods /gaps offers, in days. */
export const GAP_PERIODS = [7, 30] as const;
/** Longest period anyone may ask for: the retention cannot keep more anyway. */
export const MAX_GAP_DAYS = 3_650;
const DAY_MS = 86_400_000;

/** Whether members got no answer, or an answer they marked wrong. */
export type GapKind = 'unanswered' | 'wrong';

/** One group of /gaps (also the JSON shape of `npm run gaps -- --json`). */
export interface Gap {
  /** An example wording, as a member asked it. */
  question: string;
  /** How many times it was asked (unanswered) or marked wrong (wrong). */
  count: number;
  /** When it was last asked or marked, ISO 8601. */
  lastSeen: string;
  kind: GapKind;
  /** Unanswered: the article it was asked within, if any. Wrong: the article of the quote shown. */
  article: string | null;
  /** Wrong: the paragraph of the quote shown; null for unanswered. */
  paragraph: number | null;
}

/** Which records /gaps looks at. */
export interface GapQuery {
  /** The last this many days (default 7). */
  days?: number;
  /** Only this server (always set from Discord; the terminal may look at all). */
  guildId?: string;
  /** "Now", ms since the epoch (tests). */
  now?: number;
}

interface GroupRow {
  question_key: string;
  article: string | null;
  paragraph: number | null;
  count: number | string;
  last_seen: number | string;
}

/** Every group for the period, most asked first, then most recent. */
export async function listGaps(db: Kysely<StoreSchema>, query: GapQuery = {}): Promise<Gap[]> {
  const days = Math.min(Math.max(query.days ?? GAP_PERIODS[0], 1), MAX_GAP_DAYS);
  const since = (query.now ?? Date.now()) - days * DAY_MS;
  // Counting reads the indexes only (key and time); the wording comes from question_examples.
  let unanswered = db
    .selectFrom('refusals')
    .select(['question_key', sql<string | null>`max(article)`.as('article'), sql<number | null>`null`.as('paragraph'), sql<number>`count(*)`.as('count'), sql<number>`max(at)`.as('last_seen')])
    .where('at', '>=', since)
    .groupBy('question_key');
  let wrong = db
    .selectFrom('votes')
    .select(['question_key', 'article', 'paragraph', sql<number>`count(*)`.as('count'), sql<number>`max(at)`.as('last_seen')])
    .where('verdict', '=', 'down')
    .where('at', '>=', since)
    .groupBy(['question_key', 'article', 'paragraph']);
  let examples = db.selectFrom('question_examples').select(['question_key', sql<string>`max(question)`.as('question')]).where('at', '>=', since).groupBy('question_key');
  if (query.guildId !== undefined) {
    unanswered = unanswered.where('guild_id', '=', query.guildId);
    wrong = wrong.where('guild_id', '=', query.guildId);
    examples = examples.where('guild_key', '=', query.guildId);
  }
  const [refused, down, wordings] = await Promise.all([unanswered.execute(), wrong.execute(), examples.execute()]);
  const wording = new Map(wordings.map((row) => [row.question_key, row.question]));
  const gaps = [
    ...refused.map((row) => toGap(row as GroupRow, 'unanswered', wording)),
    ...down.map((row) => toGap(row as GroupRow, 'wrong', wording)),
  ];
  return gaps.sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen) || a.question.localeCompare(b.question));
}

function toGap(row: GroupRow, kind: GapKind, wording: ReadonlyMap<string, string>): Gap {
  return {
    // The key itself stands in only if the example was purged before its records.
    question: wording.get(row.question_key) ?? row.question_key,
    // PostgreSQL's count(*) is a BIGINT; aggregates come back as strings from some drivers.
    count: Number(row.count),
    lastSeen: new Date(Number(row.last_seen)).toISOString(),
    kind,
    article: row.article,
    paragraph: row.paragraph === null ? null : Number(row.paragraph),
  };
}

/**
 * A vote's key: a keyed hash (HMAC-SHA-256) of the member and the answer. The same member voting
 * again on the same answer lands on the same row, so a vote is one per member and answer and can
 * be changed, yet the database holds no member id: without the secret the key names nobody, and
 * the same member's votes on two answers share nothing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.ts';

/** The store_meta key under which a generated secret is kept. */
export const SECRET_META_KEY = 'vote_hash_secret';
/** Shortest secret accepted from the environment (characters). */
export const MIN_SECRET_LENGTH = 16;

/** What a vote is about: one answer message, and the quote it showed when voted on. */
export interface AnswerRef {
  /** The answer message's id. */
  messageId: string;
  /** Article of the quote shown; null for a "not covered" answer. */
  article: string | null;
  /** Paragraph of the quote shown; null for a "not covered" answer. */
  paragraph: number | null;
}

/** The vote's key for `memberId` on `answer` (64 hex characters). */
export function voterKey(secret: string, memberId: string, answer: AnswerRef): string {
  return createHmac('sha256', secret)
    .update(`${memberId}\n${answer.messageId}\n${answer.article ?? ''}#${answer.paragraph ?? ''}`)
    .digest('hex');
}

/**
 * The secret: from the environment when set, else the one generated once and kept in the
 * database. Insert-if-absent then read back, so shards starting together agree on one.
 */
export async function loadVoteSecret(db: Kysely<StoreSchema>, fromEnv: string | undefined): Promise<string> {
  if (fromEnv !== undefined) return fromEnv;
  await db
    .insertInto('store_meta')
    .values({ key: SECRET_META_KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('store_meta').select('value').where('key', '=', SECRET_META_KEY).executeTakeFirstOrThrow();
  return row.value;
}

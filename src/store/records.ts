/**
 * What the store is told (a refused question, a vote, a reason) as it waits in memory, and how a
 * batch of them becomes rows: the question cleaned and keyed, the member hashed away with the
 * answer, in one transaction. Used by the writer thread (write-thread.ts), off the answering path.
 */
import type { Kysely } from 'kysely';
import type { Answer } from '../types.ts';
import { cleanQuestion, questionKey } from './question-text.ts';
import type { QuestionExampleTable, RefusalTable, StoreSchema, VoteTable } from './schema.ts';
import { type AnswerRef, voterKey } from './vote-key.ts';

/** Reasons a member may give for a 👎, as stored. */
export const VOTE_REASONS = ['wrong-passage', 'not-what-i-asked', 'story-covers-it', 'other'] as const;
/** A reason for a 👎. */
export type VoteReason = (typeof VOTE_REASONS)[number];
/** A vote. */
export type Verdict = 'up' | 'down';

/** Where something was asked. In DMs both are null: a DM channel would point at one member. */
export interface Place {
  guildId: string | null;
  channelId: string | null;
}

/** A question the bot did not answer. */
export interface RefusalInput extends Place {
  /** The member's words as sent. */
  question: string;
  /** What the engine answered, when a conversation rewrote it; else the question itself. */
  understood?: string;
  /** The article the question was asked within, if any. */
  article?: string | null;
}

/** A 👍 or 👎 on one answer. The member id is hashed with the answer and never stored. */
export interface VoteInput extends Place {
  memberId: string;
  answer: AnswerRef;
  question: string;
  understood?: string;
  verdict: Verdict;
}

/** A reason added to a 👎 already cast. */
export interface ReasonInput {
  memberId: string;
  answer: AnswerRef;
  reason: VoteReason;
}

/** The quote an answer shows, as a vote names it: none for "not covered". */
export type Shown = Pick<AnswerRef, 'article' | 'paragraph'>;

/** The quote shown on `page` of an answer (the first for a check), or none for "not covered". */
export function shownQuote(answer: Answer, page = 0): Shown {
  const quote = answer.answered ? answer.quotes[page] : undefined;
  return quote ? { article: quote.article, paragraph: quote.paragraph } : { article: null, paragraph: null };
}

/** A record as queued in memory, before it is cleaned, keyed and written. */
export type QueuedRecord =
  | ({ type: 'refusal'; at: number } & RefusalInput)
  | ({ type: 'vote'; at: number } & VoteInput)
  | ({ type: 'reason'; at: number } & ReasonInput);

/** Rows per INSERT statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 500;

/** Writes one batch in one transaction: refusals inserted, votes upserted, reasons applied in order. */
export async function writeBatch(db: Kysely<StoreSchema>, secret: string, batch: readonly QueuedRecord[]): Promise<void> {
  const refusals: RefusalTable[] = [];
  const votes = new Map<string, VoteTable>();
  const reasons: { key: string; reason: VoteReason }[] = [];
  for (const record of batch) {
    if (record.type === 'refusal') refusals.push(refusalRow(record));
    else if (record.type === 'vote') {
      const row = voteRow(record, secret);
      votes.set(row.voter_key, row);
    } else {
      const key = voterKey(secret, record.memberId, record.answer);
      const pending = votes.get(key);
      // The vote is in this very batch: the reason rides on its row.
      if (pending) pending.reason = pending.verdict === 'down' ? record.reason : null;
      else reasons.push({ key, reason: record.reason });
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(refusals, ROWS_PER_STATEMENT)) await trx.insertInto('refusals').values(chunk).execute();
    for (const chunk of chunks([...votes.values()], ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('votes')
        .values(chunk)
        .onConflict((conflict) =>
          conflict.column('voter_key').doUpdateSet((update) => ({
            at: update.ref('excluded.at'),
            verdict: update.ref('excluded.verdict'),
            reason: update.ref('excluded.reason'),
            question: update.ref('excluded.question'),
            understood: update.ref('excluded.understood'),
            question_key: update.ref('excluded.question_key'),
          })),
        )
        .execute();
    }
    const examples = latestExamples([...refusals, ...votes.values()]);
    for (const chunk of chunks(examples, ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('question_examples')
        .values(chunk)
        .onConflict((conflict) =>
          conflict.columns(['guild_key', 'question_key']).doUpdateSet((update) => ({ question: update.ref('excluded.question'), at: update.ref('excluded.at') })),
        )
        .execute();
    }
    for (const { key, reason } of reasons) {
      await trx.updateTable('votes').set({ reason }).where('voter_key', '=', key).where('verdict', '=', 'down').execute();
    }
  });
}

/** The newest wording of each (server, question key) among rows, for question_examples. */
function latestExamples(rows: readonly (RefusalTable | VoteTable)[]): QuestionExampleTable[] {
  const latest = new Map<string, QuestionExampleTable>();
  for (const row of rows) {
    const example = { guild_key: row.guild_id ?? '', question_key: row.question_key, question: row.question, at: row.at };
    const id = `${example.guild_key}\n${example.question_key}`;
    const seen = latest.get(id);
    if (!seen || seen.at <= example.at) latest.set(id, example);
  }
  return [...latest.values()];
}

function placeOf(place: Place): Pick<RefusalTable, 'guild_id' | 'channel_id'> {
  // Outside a server the channel is a DM or group DM: keeping its id would point at members.
  return place.guildId === null ? { guild_id: null, channel_id: null } : { guild_id: place.guildId, channel_id: place.channelId };
}

function refusalRow(record: RefusalInput & { at: number }): RefusalTable {
  const question = cleanQuestion(record.question);
  const understood = record.understood === undefined ? question : cleanQuestion(record.understood);
  return { at: record.at, ...placeOf(record), question, understood, question_key: questionKey(understood), article: record.article ?? null };
}

function voteRow(record: VoteInput & { at: number }, secret: string): VoteTable {
  const question = cleanQuestion(record.question);
  const understood = record.understood === undefined ? question : cleanQuestion(record.understood);
  return {
    voter_key: voterKey(secret, record.memberId, record.answer),
    at: record.at,
    ...placeOf(record),
    question,
    understood,
    question_key: questionKey(understood),
    article: record.answer.article,
    paragraph: record.answer.paragraph,
    verdict: record.verdict,
    reason: null,
  };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

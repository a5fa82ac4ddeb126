/**
 * The feedback store: what members asked that the story did not answer, their votes on answers,
 * and channel settings, in one database (SQLite under data/ by default, PostgreSQL by URL).
 *
 * Nothing on the answering path waits for it: `recordRefusal` queues in memory, settings are read
 * from memory. Only a vote's private "thanks" waits, so that a vote acknowledged is a vote kept.
 * The database may be down at start or later: records wait (bounded) and the store keeps trying.
 */
import type { Logger } from 'pino';
import { BatchWriter, type WriterStats } from './batch-writer.ts';
import { type ChannelSettings, type ChannelSettingsChange, ChannelSettingsCache, SETTINGS_REFRESH_MS } from './channel-settings.ts';
import { connectDatabase, type DatabaseTarget, isUnreachable, prepareDatabase, type StoreDatabase } from './database.ts';
import { type Gap, type GapQuery, listGaps } from './gaps.ts';
import { cleanQuestion, questionKey } from './question-text.ts';
import type { RefusalTable, VoteTable } from './schema.ts';
import { type AnswerRef, loadVoteSecret, voterKey } from './vote-key.ts';

const DAY_MS = 86_400_000;
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

type QueuedRecord =
  | ({ type: 'refusal'; at: number } & RefusalInput)
  | ({ type: 'vote'; at: number } & VoteInput)
  | ({ type: 'reason'; at: number } & ReasonInput);

/** The database cannot be reached right now (reads only; writes wait in memory). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Options for `FeedbackStore.open`. */
export interface FeedbackStoreOptions {
  /** Where the database is. */
  target: DatabaseTarget;
  /** Records older than this many days are deleted daily. */
  retentionDays: number;
  /** Secret for vote keys; generated once and kept in the database when undefined. */
  voteHashSecret?: string;
  logger?: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** Write interval, ms (default 250). */
  flushIntervalMs?: number;
  /** Records kept in memory while the database is unreachable. */
  maxQueued?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** See the module comment. */
export class FeedbackStore {
  readonly #database: StoreDatabase;
  readonly #options: FeedbackStoreOptions;
  readonly #writer: BatchWriter<QueuedRecord>;
  readonly #settings = new ChannelSettingsCache();
  readonly #timers: NodeJS.Timeout[] = [];
  #secret: string | undefined;
  #preparing: Promise<void> | undefined;
  #ready = false;
  #closed = false;

  private constructor(options: FeedbackStoreOptions) {
    this.#options = options;
    this.#database = connectDatabase(options.target);
    this.#writer = new BatchWriter<QueuedRecord>({
      write: (batch) => this.#write(batch),
      logger: options.logger,
      intervalMs: options.flushIntervalMs,
      maxQueued: options.maxQueued,
    });
  }

  /**
   * Opens the store and starts preparing the database (migrations, secret, settings) in the
   * background. Usable at once: records queue until the database is ready.
   */
  static open(options: FeedbackStoreOptions): FeedbackStore {
    const store = new FeedbackStore(options);
    void store.ready();
    store.#every(SETTINGS_REFRESH_MS, () => store.#refreshSettings());
    store.#every(DAY_MS, () => store.purgeExpired().then(() => undefined));
    return store;
  }

  /** Which database, and where (no password), for the start-up log line. */
  get description(): string {
    return `${this.#database.dialect} ${this.#database.location}`;
  }

  /** The database itself, for tools (the benchmark) and tests; commands use the methods. */
  get database(): StoreDatabase {
    return this.#database;
  }

  /** Write counters (queued, written, dropped, health). */
  get stats(): WriterStats {
    return this.#writer.stats;
  }

  /** Resolves true once the database is migrated and readable; false while it cannot be reached. */
  async ready(): Promise<boolean> {
    try {
      await this.#prepare();
      return true;
    } catch {
      return false;
    }
  }

  /** Records a refused question. Returns at once. */
  recordRefusal(input: RefusalInput): void {
    this.#writer.add({ type: 'refusal', at: this.#now(), ...input });
  }

  /** Records (or changes) a vote; resolves true once it is in the database. */
  recordVote(input: VoteInput): Promise<boolean> {
    return this.#writer.addAndConfirm({ type: 'vote', at: this.#now(), ...input });
  }

  /** Adds a reason to a 👎; resolves true once it is in the database. */
  recordReason(input: ReasonInput): Promise<boolean> {
    return this.#writer.addAndConfirm({ type: 'reason', at: this.#now(), ...input });
  }

  /** The groups of /gaps for a period. Throws StoreUnavailableError when the database is down. */
  async gaps(query: GapQuery = {}): Promise<Gap[]> {
    return this.#whenReachable(() => listGaps(this.#database.db, { now: this.#now(), ...query }));
  }

  /** A channel's defaults, from memory. */
  channelSettings(channelId: string | null | undefined): Readonly<ChannelSettings> {
    return this.#settings.get(channelId);
  }

  /** Changes a channel's defaults. Throws StoreUnavailableError when the database is down. */
  async setChannelSettings(where: { guildId: string; channelId: string }, change: ChannelSettingsChange): Promise<ChannelSettings> {
    return this.#whenReachable(() => this.#settings.set(this.#database.db, where, change, this.#now()));
  }

  /** Deletes records older than the retention; returns how many went. */
  async purgeExpired(): Promise<number> {
    if (!(await this.ready())) return 0;
    const cutoff = this.#now() - this.#options.retentionDays * DAY_MS;
    const db = this.#database.db;
    const [refusals, votes] = await Promise.all([
      db.deleteFrom('refusals').where('at', '<', cutoff).executeTakeFirst(),
      db.deleteFrom('votes').where('at', '<', cutoff).executeTakeFirst(),
    ]);
    const deleted = Number(refusals.numDeletedRows) + Number(votes.numDeletedRows);
    if (deleted > 0) this.#options.logger?.info({ deleted, retentionDays: this.#options.retentionDays }, 'feedback older than the retention deleted');
    return deleted;
  }

  /** Writes everything queued (as far as the database allows). */
  async flush(): Promise<void> {
    await this.#writer.flush();
  }

  /** Flushes, stops the timers and closes the connections. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    await this.#writer.close();
    const unwritten = this.#writer.stats.queued;
    if (unwritten > 0) this.#options.logger?.warn({ unwritten }, 'feedback database unreachable at shutdown: records not written');
    await this.#database.close();
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #every(ms: number, run: () => Promise<void>): void {
    const timer = setInterval(() => {
      run().catch((error: unknown) => this.#options.logger?.warn({ err: error }, 'feedback store background task failed'));
    }, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  /** Migrates, loads the secret and the settings, purges: once, and again after a failure. */
  #prepare(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    this.#preparing ??= (async () => {
      await prepareDatabase(this.#database);
      this.#secret = await loadVoteSecret(this.#database.db, this.#options.voteHashSecret);
      await this.#settings.refresh(this.#database.db);
      this.#ready = true;
      void this.purgeExpired().catch((error: unknown) => this.#options.logger?.warn({ err: error }, 'deleting old feedback failed'));
    })().catch((error: unknown) => {
      this.#preparing = undefined;
      throw error;
    });
    return this.#preparing;
  }

  /** Runs a read or a direct write; a database that cannot be reached becomes StoreUnavailableError. */
  async #whenReachable<T>(run: () => Promise<T>): Promise<T> {
    try {
      await this.#prepare();
      return await run();
    } catch (error) {
      if (!this.#ready || isUnreachable(error)) {
        throw new StoreUnavailableError(`the feedback database (${this.description}) cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      }
      throw error;
    }
  }

  async #refreshSettings(): Promise<void> {
    if (this.#ready) await this.#settings.refresh(this.#database.db);
  }

  /** One batch, in one transaction: refusals inserted, votes upserted, reasons applied in order. */
  async #write(batch: readonly QueuedRecord[]): Promise<void> {
    await this.#prepare();
    const secret = this.#secret as string;
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
    await this.#database.db.transaction().execute(async (trx) => {
      for (const chunk of chunks(refusals, 500)) await trx.insertInto('refusals').values(chunk).execute();
      for (const chunk of chunks([...votes.values()], 500)) {
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
      for (const { key, reason } of reasons) {
        await trx.updateTable('votes').set({ reason }).where('voter_key', '=', key).where('verdict', '=', 'down').execute();
      }
    });
  }
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

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
import type { FeedbackPort } from './feedback-port.ts';
import { type Gap, type GapQuery, listGaps } from './gaps.ts';
import type { QueuedRecord, ReasonInput, RefusalInput, VoteInput } from './records.ts';
import { loadVoteSecret } from './vote-key.ts';
import { WriteThread } from './write-thread.ts';

export { VOTE_REASONS, type Place, type ReasonInput, type RefusalInput, type Verdict, type VoteInput, type VoteReason } from './records.ts';

const DAY_MS = 86_400_000;

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
export class FeedbackStore implements FeedbackPort {
  /** Always true: this store records. */
  readonly enabled = true;
  readonly #database: StoreDatabase;
  readonly #options: FeedbackStoreOptions;
  readonly #writer: BatchWriter<QueuedRecord>;
  readonly #settings = new ChannelSettingsCache();
  readonly #timers: NodeJS.Timeout[] = [];
  #thread: WriteThread | undefined;
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
      // An example last used before the cutoff belongs to records that are gone now.
      db.deleteFrom('question_examples').where('at', '<', cutoff).executeTakeFirst(),
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
    await this.#thread?.close();
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
      const secret = await loadVoteSecret(this.#database.db, this.#options.voteHashSecret);
      this.#thread = new WriteThread({ target: this.#options.target, secret });
      // Start the writer now (it compiles and connects), so the first vote is not the one waiting.
      await this.#thread.write([]);
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

  /** One batch, written by the writer thread once the database is ready. */
  async #write(batch: readonly QueuedRecord[]): Promise<void> {
    await this.#prepare();
    await (this.#thread as WriteThread).write(batch);
  }
}

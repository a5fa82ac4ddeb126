/**
 * Writes records in batches, off the answering path. `add` only appends to memory and returns at
 * once; a timer writes what has gathered (at least every second), each batch in one transaction,
 * so a killed process loses at most the last interval and never leaves half a batch. When the
 * database cannot be reached, records wait in memory up to a bound, the oldest are then dropped
 * and counted, and writing resumes by itself once the database answers again.
 */
import type { Logger } from 'pino';

/** How often gathered records are written (the most a `kill -9` can lose). */
export const DEFAULT_FLUSH_INTERVAL_MS = 250;
/** Records written per transaction at most. */
export const DEFAULT_BATCH_SIZE = 2_000;
/** Records kept in memory while the database is unreachable; older ones are dropped beyond it. */
export const DEFAULT_MAX_QUEUED = 100_000;
/** Longest wait between tries while the database is unreachable. */
export const MAX_RETRY_DELAY_MS = 30_000;
/** How often, at most, dropped records are reported in the log. */
const DROP_WARNING_INTERVAL_MS = 60_000;

/** Counters for logs, tests and the benchmark. */
export interface WriterStats {
  /** Records committed to the database. */
  written: number;
  /** Records dropped because the queue was full while the database was unreachable. */
  dropped: number;
  /** Records waiting in memory now. */
  queued: number;
  /** Batches that failed (each is retried). */
  failedBatches: number;
  /** False between a failed batch and the next committed one. */
  healthy: boolean;
}

/** Options for `BatchWriter`. */
export interface BatchWriterOptions<T> {
  /** Writes one batch in one transaction; throws when it could not. */
  write(batch: readonly T[]): Promise<void>;
  /** Logger for the unreachable / dropped / resumed lines. */
  logger?: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** Interval between writes, ms (default 250; at most 1,000 keeps the kill -9 promise). */
  intervalMs?: number;
  /** Records per transaction (default 2,000). */
  batchSize?: number;
  /** Records kept while the database is unreachable (default 100,000). */
  maxQueued?: number;
}

interface Pending<T> {
  record: T;
  /** Told true once committed, false if dropped or the writer closed first. */
  settle?: (written: boolean) => void;
}

/** A queue in memory in front of the database; see the module comment. */
export class BatchWriter<T> {
  readonly #options: Required<Omit<BatchWriterOptions<T>, 'logger'>> & Pick<BatchWriterOptions<T>, 'logger'>;
  #queue: Pending<T>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #retryAt = 0;
  #retryDelay = 0;
  #closed = false;
  #lastDropWarning = 0;
  #droppedSinceWarning = 0;
  readonly #stats: WriterStats = { written: 0, dropped: 0, queued: 0, failedBatches: 0, healthy: true };

  constructor(options: BatchWriterOptions<T>) {
    this.#options = {
      intervalMs: DEFAULT_FLUSH_INTERVAL_MS,
      batchSize: DEFAULT_BATCH_SIZE,
      maxQueued: DEFAULT_MAX_QUEUED,
      ...options,
    };
    this.#timer = setInterval(() => void this.#tick(), this.#options.intervalMs);
    // The writer never keeps a process alive on its own: shutdown flushes explicitly.
    this.#timer.unref();
  }

  /** Queues a record and returns at once. */
  add(record: T): void {
    this.#push({ record });
  }

  /** Queues a record; resolves true once it is committed, false if it was dropped instead. */
  addAndConfirm(record: T): Promise<boolean> {
    return new Promise((settle) => {
      this.#push({ record, settle });
      // Someone is waiting: write at the next turn rather than at the next tick.
      setImmediate(() => void this.#tick());
    });
  }

  /** The counters now. */
  get stats(): WriterStats {
    return { ...this.#stats, queued: this.#queue.length };
  }

  /** Writes everything queued now (retrying no sooner than the back-off allows). */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed) {
      const before = this.#stats.written;
      await this.#tick(true);
      // The database refused: stop here, the records stay queued for the timer.
      if (this.#stats.written === before && !this.#stats.healthy) return;
    }
    await this.#writing;
  }

  /** Flushes what it can, stops the timer and tells anyone still waiting that it was not written. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#writing;
    for (const pending of this.#queue.splice(0)) pending.settle?.(false);
  }

  #push(pending: Pending<T>): void {
    if (this.#closed) {
      pending.settle?.(false);
      return;
    }
    this.#queue.push(pending);
    if (this.#queue.length > this.#options.maxQueued) this.#drop(this.#queue.length - this.#options.maxQueued);
  }

  #drop(count: number): void {
    for (const pending of this.#queue.splice(0, count)) pending.settle?.(false);
    this.#stats.dropped += count;
    this.#droppedSinceWarning += count;
    const now = Date.now();
    if (now - this.#lastDropWarning >= DROP_WARNING_INTERVAL_MS) {
      this.#options.logger?.warn(
        { dropped: this.#droppedSinceWarning, droppedTotal: this.#stats.dropped, queued: this.#queue.length },
        'feedback database unreachable and the queue is full: oldest records dropped',
      );
      this.#lastDropWarning = now;
      this.#droppedSinceWarning = 0;
    }
  }

  /** One write, unless one is running, nothing is queued, or a retry is not due yet. */
  async #tick(force = false): Promise<void> {
    if (this.#writing) return this.#writing;
    if (this.#queue.length === 0) return;
    if (!force && Date.now() < this.#retryAt) return;
    this.#writing = this.#writeBatch().finally(() => {
      this.#writing = undefined;
    });
    return this.#writing;
  }

  async #writeBatch(): Promise<void> {
    const batch = this.#queue.splice(0, this.#options.batchSize);
    try {
      await this.#options.write(batch.map((pending) => pending.record));
    } catch (error) {
      // Back in front, in order; the bound still holds (records added meanwhile count too).
      this.#queue.unshift(...batch);
      if (this.#queue.length > this.#options.maxQueued) this.#drop(this.#queue.length - this.#options.maxQueued);
      this.#stats.failedBatches += 1;
      this.#retryDelay = Math.min(Math.max(this.#retryDelay * 2, 500), MAX_RETRY_DELAY_MS);
      this.#retryAt = Date.now() + this.#retryDelay;
      if (this.#stats.healthy) {
        this.#options.logger?.warn({ err: error, queued: this.#queue.length, retryMs: this.#retryDelay }, 'feedback database write failed: records kept in memory, retrying');
      }
      this.#stats.healthy = false;
      return;
    }
    this.#stats.written += batch.length;
    for (const pending of batch) pending.settle?.(true);
    if (!this.#stats.healthy) {
      this.#options.logger?.info({ dropped: this.#stats.dropped, queued: this.#queue.length }, 'feedback database reachable again: writing resumed');
    }
    this.#stats.healthy = true;
    this.#retryDelay = 0;
    this.#retryAt = 0;
  }
}

/**
 * The store's writes run in a worker thread with a connection of its own: cleaning each
 * question, keying it, hashing votes and the database's own work (better-sqlite3 is synchronous)
 * then never hold up the thread that answers members. The main thread only posts batches and
 * hears back once each is committed. If the worker dies, the batch in flight fails (the writer
 * keeps it and retries) and the next batch starts a new worker.
 */
import type { Worker } from 'node:worker_threads';
import { codeFile, startWorker } from '../runtime.ts';
import type { DatabaseTarget } from './database.ts';
import type { QueuedRecord } from './records.ts';

/** What the worker is started with. */
export interface WriteThreadInit {
  target: DatabaseTarget;
  secret: string;
}

/** A message to the worker: one batch to write. */
export interface WriteRequest {
  id: number;
  batch: readonly QueuedRecord[];
}

/** The worker's answer to one batch. */
export interface WriteReply {
  id: number;
  /** Absent when committed; else the database's error, as far as it survives the thread boundary. */
  error?: { message: string; code?: string };
}

/** The worker's file, compiled or TypeScript as the bot runs. */
const WORKER_URL = codeFile('./write-worker.ts', import.meta.url);

/** One writer worker, started on first use. */
export class WriteThread {
  readonly #init: WriteThreadInit;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(init: WriteThreadInit) {
    this.#init = init;
  }

  /** Writes a batch in the worker; resolves once it is committed. */
  write(batch: readonly QueuedRecord[]): Promise<void> {
    const worker = this.#start();
    const id = this.#nextId++;
    // A batch in flight keeps the process alive until it is committed (an idle worker does not).
    worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, batch } satisfies WriteRequest);
    }).finally(() => {
      if (this.#pending.size === 0) worker.unref();
    });
  }

  /** Stops the worker (its connection closes with it). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) {
      worker.ref();
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(WORKER_URL, { workerData: this.#init });
    worker.on('message', (reply: WriteReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (!pending) return;
      if (reply.error) pending.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
      else pending.resolve();
    });
    const failAll = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [id, pending] of this.#pending) {
        this.#pending.delete(id);
        pending.reject(error);
      }
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`feedback writer thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}

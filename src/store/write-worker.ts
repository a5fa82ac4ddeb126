/**
 * The writer thread's body (see write-thread.ts): its own connection to the database, one
 * transaction per batch, an answer per batch. The schema is already migrated by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectDatabase } from './database.ts';
import { writeBatch } from './records.ts';
import type { WriteReply, WriteRequest, WriteThreadInit } from './write-thread.ts';

const init = workerData as WriteThreadInit;
const database = connectDatabase(init.target);
const port = parentPort;

port?.on('message', (message: WriteRequest | 'close') => {
  if (message === 'close') {
    void database.close().finally(() => port.close());
    return;
  }
  writeBatch(database.db, init.secret, message.batch).then(
    () => port.postMessage({ id: message.id } satisfies WriteReply),
    (error: unknown) => {
      const failure = error as { message?: unknown; code?: unknown };
      port.postMessage({
        id: message.id,
        error: { message: String(failure?.message ?? error), ...(typeof failure?.code === 'string' ? { code: failure.code } : {}) },
      } satisfies WriteReply);
    },
  );
});

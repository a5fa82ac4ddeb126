/** The write queue in front of the database: batching, a database that fails, the bound, resuming. */
import { describe, expect, test, vi } from 'vitest';
import { BatchWriter } from '../../src/store/batch-writer.ts';

function recordingLogger() {
  return { warn: vi.fn(), info: vi.fn(), error: vi.fn() };
}

/** A database stand-in that can be switched off, remembering what each committed batch held. */
function switchableDatabase() {
  const batches: number[][] = [];
  const state = { up: true };
  return {
    batches,
    state,
    async write(batch: readonly number[]) {
      if (!state.up) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      batches.push([...batch]);
    },
  };
}

describe('BatchWriter', () => {
  test('GIVEN records added in a burst THEN add returns at once and they are written together, in order', async () => {
    const database = switchableDatabase();
    const writer = new BatchWriter<number>({ write: (batch) => database.write(batch), intervalMs: 20 });
    for (let n = 0; n < 100; n++) writer.add(n);
    expect(database.batches).toEqual([]);
    await vi.waitFor(() => expect(database.batches.flat()).toHaveLength(100), { timeout: 5_000 });
    expect(database.batches.flat()).toEqual([...Array(100).keys()]);
    expect(database.batches.length).toBeLessThanOrEqual(2);
    await writer.close();
  });

  test('GIVEN the database down THEN records wait, the failure is logged once, and writing resumes when it is back', async () => {
    const database = switchableDatabase();
    const logger = recordingLogger();
    const writer = new BatchWriter<number>({ write: (batch) => database.write(batch), intervalMs: 10, logger });
    database.state.up = false;
    writer.add(1);
    writer.add(2);
    await writer.flush();
    await writer.flush();
    expect(writer.stats).toMatchObject({ queued: 2, written: 0, healthy: false });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    database.state.up = true;
    writer.add(3);
    await vi.waitFor(() => expect(writer.stats.written).toBe(3), { timeout: 5_000 });
    expect(database.batches.flat()).toEqual([1, 2, 3]);
    expect(writer.stats.healthy).toBe(true);
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ dropped: 0 }), expect.stringContaining('writing resumed'));
    await writer.close();
  });

  test('GIVEN the database down past the bound THEN the oldest records are dropped and counted in a warning', async () => {
    const database = switchableDatabase();
    const logger = recordingLogger();
    const writer = new BatchWriter<number>({ write: (batch) => database.write(batch), intervalMs: 10, maxQueued: 5, logger });
    database.state.up = false;
    const firstConfirmed = writer.addAndConfirm(0);
    for (let n = 1; n < 8; n++) writer.add(n);
    expect(await firstConfirmed).toBe(false);
    expect(writer.stats).toMatchObject({ queued: 5, dropped: 3 });
    // Warned at the first drop, not once per record; the count is in the stats and the next warning.
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ droppedTotal: 1 }), expect.stringContaining('oldest records dropped'));
    expect(logger.warn.mock.calls.filter(([, message]) => String(message).includes('dropped'))).toHaveLength(1);
    database.state.up = true;
    await vi.waitFor(() => expect(writer.stats.written).toBe(5), { timeout: 5_000 });
    expect(database.batches.flat()).toEqual([3, 4, 5, 6, 7]);
    await writer.close();
  });

  test('GIVEN a confirmed record THEN it resolves true only after its batch is written', async () => {
    const database = switchableDatabase();
    const writer = new BatchWriter<number>({ write: (batch) => database.write(batch), intervalMs: 60_000 });
    const confirmed = await writer.addAndConfirm(42);
    expect(confirmed).toBe(true);
    expect(database.batches).toEqual([[42]]);
    await writer.close();
  });

  test('GIVEN a writer closed while the database is down THEN waiting records are told they were not written', async () => {
    const database = switchableDatabase();
    const writer = new BatchWriter<number>({ write: (batch) => database.write(batch), intervalMs: 60_000 });
    database.state.up = false;
    const confirmed = writer.addAndConfirm(1);
    await writer.close();
    expect(await confirmed).toBe(false);
    expect(await writer.addAndConfirm(2)).toBe(false);
  });
});

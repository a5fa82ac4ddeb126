/**
 * Nothing acknowledged is lost and nothing is corrupted: a process killed with SIGKILL during a
 * burst of votes, then the database opened again; and PostgreSQL going away and coming back
 * (through a loopback proxy the test can cut) while records keep arriving.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { FeedbackStore } from '../../src/store/feedback-store.ts';
import { voterKey } from '../../src/store/vote-key.ts';
import { storeBackends, TEST_POSTGRES_URL } from './backends.ts';

const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');
const CHILD = join(import.meta.dirname, 'vote-burst-child.ts');
/** Votes acknowledged before the kill: enough for several batches to be in flight. */
const ACKS_BEFORE_KILL = 300;

for (const backend of storeBackends()) {
  describe.skipIf(!backend.available)(`durability on ${backend.name}`, () => {
    afterAll(() => backend.cleanup(), 60_000);

    test('GIVEN kill -9 during a burst of votes THEN every acknowledged vote is there after a restart, and the database is sound', { timeout: 60_000 }, async () => {
      const target = await backend.fresh();
      const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD, JSON.stringify(target)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const acked: number[] = [];
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (acked.length >= ACKS_BEFORE_KILL && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect({ code, signal, stderr: stderr.slice(0, 500) }).toMatchObject({ signal: 'SIGKILL' });

      const database = await openDatabase(target);
      if (database.dialect === 'sqlite') {
        const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
        expect(rows).toEqual([{ integrity_check: 'ok' }]);
      }
      const keys = new Set((await database.db.selectFrom('votes').select('voter_key').execute()).map((row) => row.voter_key));
      await database.close();
      const answer = { messageId: '400000000000000005', article: 'nato-summit', paragraph: 1 };
      const missing = acked.filter((n) => !keys.has(voterKey('kill-test-secret-0123456789', String(300000000000000000n + BigInt(n)), answer)));
      expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
      expect(missing).toEqual([]);
    });
  });
}

/** A loopback TCP proxy to PostgreSQL that the test can cut and restore, as a server going down. */
class CuttableProxy {
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  constructor(private readonly upstream: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.#server = createServer((client) => {
      const server = connect(this.upstream.port, this.upstream.host);
      for (const socket of [client, server]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(server).pipe(client);
    });
    this.#server.listen(this.port, '127.0.0.1');
    await once(this.#server, 'listening');
    this.port = (this.#server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe.skipIf(!TEST_POSTGRES_URL)('PostgreSQL going away', () => {
  const backend = storeBackends()[1];
  afterAll(() => backend?.cleanup(), 60_000);

  /** A fresh database reached through a proxy the test can cut, as a network or a restart would. */
  async function behindProxy(): Promise<{ proxy: CuttableProxy; viaProxy: URL }> {
    const target = (await backend?.fresh()) as { postgresUrl: string };
    const real = new URL(target.postgresUrl);
    const proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port) });
    await proxy.up();
    const viaProxy = new URL(target.postgresUrl);
    viaProxy.port = String(proxy.port);
    return { proxy, viaProxy };
  }

  test('GIVEN a connection dropped while checked out between two queries THEN the process hears the error and goes on', { timeout: 60_000 }, async () => {
    const { proxy, viaProxy } = await behindProxy();
    const database = await openDatabase({ postgresUrl: viaProxy.toString() });
    const unheard = vi.fn();
    process.on('uncaughtException', unheard);
    try {
      // A transaction holds its connection between statements: the moment pg's pool listens no more.
      await expect(
        database.db.connection().execute(async (connection) => {
          await sql`select 1`.execute(connection);
          await proxy.down();
          await new Promise((resolve) => setTimeout(resolve, 500));
          await sql`select 1`.execute(connection);
        }),
      ).rejects.toThrow();
      expect(unheard).not.toHaveBeenCalled();
    } finally {
      process.off('uncaughtException', unheard);
      await database.close().catch(() => undefined);
    }
  });

  test('GIVEN PostgreSQL unreachable THEN recording never throws, records wait, and are written once it is back', { timeout: 60_000 }, async () => {
    const { proxy, viaProxy } = await behindProxy();
    const logger = { warn: vi.fn(), info: vi.fn(), error: vi.fn() };
    const store = FeedbackStore.open({ target: { postgresUrl: viaProxy.toString() }, retentionDays: 90, logger, flushIntervalMs: 50 });
    expect(await store.ready()).toBe(true);
    store.recordRefusal({ guildId: '1', channelId: '2', question: 'Before the outage?' });
    await store.flush();

    await proxy.down();
    for (let n = 0; n < 20; n++) store.recordRefusal({ guildId: '1', channelId: '2', question: `During the outage ${n}?` });
    await vi.waitFor(() => expect(store.stats.healthy).toBe(false), { timeout: 15_000 });
    expect(store.stats.queued).toBe(20);
    await expect(store.gaps()).rejects.toThrow(/cannot be reached/);

    await proxy.up();
    await vi.waitFor(() => expect(store.stats).toMatchObject({ queued: 0, healthy: true }), { timeout: 40_000 });
    const gaps = await store.gaps();
    expect(gaps.reduce((sum, gap) => sum + gap.count, 0)).toBe(21);
    expect(logger.info).toHaveBeenCalledWith(expect.anything(), expect.stringContaining('writing resumed'));
    await store.close();
    await proxy.down();
  });
});

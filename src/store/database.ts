/**
 * Opening the store's database: an SQLite file under data/ by default (created and migrated on
 * first start, nothing to set up), or PostgreSQL when DATABASE_URL says `postgres://…`, so that
 * several processes (shards, machines) share one. Both behind one Kysely instance: every query in
 * src/store is written once and runs on either, with bound parameters only.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type DialectName, migrateToLatest } from './migrations.ts';
import type { StoreSchema } from './schema.ts';

/** How long an SQLite writer waits for another process's write to finish before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections per process to PostgreSQL: one writer batch and a few reads at a time. */
export const POSTGRES_POOL_SIZE = 4;
/** How long connecting to PostgreSQL may take before a write counts as failed (and is retried). */
export const POSTGRES_CONNECT_TIMEOUT_MS = 3_000;

/** An open, migrated database. */
export interface StoreDatabase {
  /** The typed query builder. */
  db: Kysely<StoreSchema>;
  /** Which database it is. */
  dialect: DialectName;
  /** Where it is, for logs: the SQLite file, or the PostgreSQL host and database (no password). */
  location: string;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Where the database is: a file for SQLite, or a postgres:// URL. */
export type DatabaseTarget = { sqliteFile: string } | { postgresUrl: string };

/** True for a URL the store opens with PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}

/** A postgres:// URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return 'postgres://…';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

function openSqlite(file: string): StoreDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  // WAL: readers never block the writer; a killed process leaves committed batches intact.
  database.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (only a power cut can lose the last commit).
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/** BIGINT columns (times) come back as numbers, not strings: they fit well within 2^53. */
const INT8_OID = 20;

function openPostgres(url: string): StoreDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    types: { getTypeParser: (oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  // An idle connection dropped by the server (restart, network) must not crash the bot: the
  // next query opens a new one, and a failed write is retried by the writer.
  pool.on('error', () => undefined);
  // The same for a connection dropped while checked out between two queries: the query in
  // flight fails on its own (and the writer retries), but the client's 'error' event has no
  // listener then, and an unheard 'error' would end the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

/**
 * Connects to the database without touching it yet (PostgreSQL may be down: the store retries
 * `prepareDatabase` until it is up). An SQLite file and its folder are created here.
 */
export function connectDatabase(target: DatabaseTarget): StoreDatabase {
  return 'postgresUrl' in target ? openPostgres(target.postgresUrl) : openSqlite(target.sqliteFile);
}

/**
 * Brings the schema up to date. Two processes opening a new SQLite file at once can collide on
 * the first migration (the loser's snapshot is stale); once the winner has committed, a second
 * try finds nothing to do. Throws MigrationError, or the driver's error when unreachable.
 */
export async function prepareDatabase(store: StoreDatabase, tries = 3): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateToLatest(store.db as Kysely<unknown>, store.dialect);
    } catch (error) {
      if (attempt >= tries || isUnreachable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Opens and migrates in one step (tools and tests); closes again when migrating fails. */
export async function openDatabase(target: DatabaseTarget): Promise<StoreDatabase> {
  const store = connectDatabase(target);
  try {
    await prepareDatabase(store);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

/** Network-level failures (server down, refused, timed out), where retrying at once is pointless. */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE|57P0[1-3])$/.test(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(message);
}

/** Where the configured store lives: PostgreSQL when a URL is set, else the SQLite file. */
export function databaseTarget(config: { databaseUrl?: string; sqliteFile: string }): DatabaseTarget {
  return config.databaseUrl !== undefined && isPostgresUrl(config.databaseUrl) ? { postgresUrl: config.databaseUrl } : { sqliteFile: config.sqliteFile };
}

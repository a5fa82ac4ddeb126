/**
 * The databases every store test runs against: an SQLite file always, and PostgreSQL when
 * TEST_DATABASE_URL names a server (`.ci/run` starts a throwaway one; locally run
 * `bash .ci/postgres.sh start DIR` and export the URL it prints). Each PostgreSQL test file
 * gets a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/store/database.ts';
import { tempDir } from '../temp.ts';

/** One database kind the suite runs against. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** False when the suite must be skipped (no PostgreSQL server). */
  available: boolean;
  /** A fresh, empty database. */
  fresh(): Promise<DatabaseTarget>;
  /** Drops what `fresh` made. */
  cleanup(): Promise<void>;
}

const postgresUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
let noticeShown = false;

function sqliteBackend(): Backend {
  let dir: string | undefined;
  let count = 0;
  return {
    name: 'sqlite',
    available: true,
    async fresh() {
      dir ??= tempDir('store');
      count += 1;
      return { sqliteFile: join(dir, `feedback-${count}.sqlite`) };
    },
    async cleanup() {},
  };
}

function postgresBackend(): Backend {
  if (!postgresUrl && !noticeShown) {
    noticeShown = true;
    if (process.env.CI === 'true') throw new Error('TEST_DATABASE_URL is not set in CI: .ci/run should have started PostgreSQL');
    console.info('PostgreSQL store tests skipped: no server (set TEST_DATABASE_URL, e.g. from `bash .ci/postgres.sh start DIR`).');
  }
  const made: string[] = [];
  return {
    name: 'postgres',
    available: postgresUrl !== undefined,
    async fresh() {
      const name = `storybot_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      made.push(name);
      const url = new URL(postgresUrl as string);
      url.pathname = `/${name}`;
      return { postgresUrl: url.toString() };
    },
    async cleanup() {
      if (made.length === 0) return;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      for (const name of made.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** SQLite, then PostgreSQL. */
export function storeBackends(): Backend[] {
  return [sqliteBackend(), postgresBackend()];
}

/** The PostgreSQL server's URL for tests, when there is one. */
export const TEST_POSTGRES_URL = postgresUrl;

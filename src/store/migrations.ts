/**
 * The store's schema, as numbered forward-only migrations. Each runs once, in order, inside one
 * transaction with the others pending (Kysely's Migrator, which also takes a lock on PostgreSQL
 * so several shards starting together migrate once). Never edit a migration that has shipped:
 * add the next number.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/** Which database a migration is running on, for the few types that differ. */
export type DialectName = 'sqlite' | 'postgres';

type NumberedMigration = (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;

/** Milliseconds since the epoch: INTEGER is 64-bit in SQLite; PostgreSQL needs BIGINT. */
const TIME = 'bigint';

const MIGRATIONS: Readonly<Record<string, NumberedMigration>> = {
  async '0001-feedback'(db) {
    await db.schema
      .createTable('refusals')
      .ifNotExists()
      .addColumn('at', TIME, (column) => column.notNull())
      .addColumn('guild_id', 'text')
      .addColumn('channel_id', 'text')
      .addColumn('question', 'text', (column) => column.notNull())
      .addColumn('understood', 'text', (column) => column.notNull())
      .addColumn('question_key', 'text', (column) => column.notNull())
      .addColumn('article', 'text')
      .execute();
    await db.schema.createIndex('refusals_at').ifNotExists().on('refusals').column('at').execute();
    await db.schema.createIndex('refusals_guild_at').ifNotExists().on('refusals').columns(['guild_id', 'at']).execute();

    await db.schema
      .createTable('votes')
      .ifNotExists()
      .addColumn('voter_key', 'text', (column) => column.primaryKey())
      .addColumn('at', TIME, (column) => column.notNull())
      .addColumn('guild_id', 'text')
      .addColumn('channel_id', 'text')
      .addColumn('question', 'text', (column) => column.notNull())
      .addColumn('understood', 'text', (column) => column.notNull())
      .addColumn('question_key', 'text', (column) => column.notNull())
      .addColumn('article', 'text')
      .addColumn('paragraph', 'integer')
      .addColumn('verdict', 'text', (column) => column.notNull())
      .addColumn('reason', 'text')
      .execute();
    await db.schema.createIndex('votes_at').ifNotExists().on('votes').column('at').execute();
    await db.schema.createIndex('votes_guild_at').ifNotExists().on('votes').columns(['guild_id', 'at']).execute();

    await db.schema
      .createTable('channel_settings')
      .ifNotExists()
      .addColumn('channel_id', 'text', (column) => column.primaryKey())
      .addColumn('guild_id', 'text', (column) => column.notNull())
      .addColumn('article', 'text')
      .addColumn('private_answers', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('updated_at', TIME, (column) => column.notNull())
      .execute();
    await db.schema.createIndex('channel_settings_updated').ifNotExists().on('channel_settings').column('updated_at').execute();

    await db.schema
      .createTable('store_meta')
      .ifNotExists()
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute();
  },
  /**
   * /gaps groups by question key: indexes that hold the key and the time let the database count
   * a group without sorting (per server, as Discord asks, and over all, as the terminal may).
   * The example wording of a group lives in a table of its own, per server, so counting never
   * reads the questions' text and one server never sees another's wording.
   */
  async '0002-gaps-indexes-and-examples'(db) {
    await db.schema.createIndex('refusals_key_at').ifNotExists().on('refusals').columns(['question_key', 'at']).execute();
    await db.schema.createIndex('refusals_guild_key_at').ifNotExists().on('refusals').columns(['guild_id', 'question_key', 'at']).execute();
    await db.schema.createIndex('votes_key').ifNotExists().on('votes').columns(['question_key', 'article', 'paragraph', 'verdict', 'at']).execute();
    await db.schema.createIndex('votes_guild_key').ifNotExists().on('votes').columns(['guild_id', 'question_key', 'article', 'paragraph', 'verdict', 'at']).execute();
    await db.schema
      .createTable('question_examples')
      .ifNotExists()
      .addColumn('guild_key', 'text', (column) => column.notNull())
      .addColumn('question_key', 'text', (column) => column.notNull())
      .addColumn('question', 'text', (column) => column.notNull())
      .addColumn('at', TIME, (column) => column.notNull())
      .addPrimaryKeyConstraint('question_examples_pk', ['guild_key', 'question_key'])
      .execute();
    await db.schema.createIndex('question_examples_at').ifNotExists().on('question_examples').column('at').execute();
  },
};

/** The names of every migration, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

class NumberedMigrations implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, up]) => [name, { up: (db: Kysely<unknown>) => up(db, this.dialect) }]),
    );
  }
}

/** A migration that failed; the message names it and the database's own reason. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date. Returns the names of the migrations this call ran. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new NumberedMigrations(dialect), migrationTableName: 'store_migrations', migrationLockTableName: 'store_migrations_lock' });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined) {
    // No migration failed: the database could not be reached or locked; the caller decides.
    if (failed === undefined) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`database migration ${failed.migrationName} failed: ${reason}`);
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

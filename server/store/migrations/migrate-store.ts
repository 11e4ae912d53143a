import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { storeMigrations, type StoreMigration } from './store-migrations';

// Runs the store's migrations (./store-migrations.ts) with Kysely's Migrator, which
// records each by name in kysely_migration. Databases made by builds before it kept
// a count instead, of their own dialect's migrations (SQLite: PRAGMA user_version;
// PostgreSQL: the schema_version table); such a database is adopted: the migrations
// that count covers are recorded as run, and the rest run. Each migration also keeps
// that count up to date, so an older build refuses a database newer than it.

export type MigrationDialect = 'sqlite' | 'postgres';

/** Where each dialect keeps the count older builds read. */
interface LegacyBookkeeping {
  /** Whether a table exists. */
  tableExists(db: Kysely<unknown>, name: string): Promise<boolean>;
  /** The count of this dialect's migrations an older build recorded (0: none). */
  readVersion(db: Kysely<unknown>): Promise<number>;
  /** The statements recording the count, run inside each migration. */
  writeVersion(version: number): string;
}

const legacy: Record<MigrationDialect, LegacyBookkeeping> = {
  sqlite: {
    tableExists: async (db, name) =>
      (await sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ${name}`.execute(db)).rows.length > 0,
    readVersion: async (db) => Number((await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)).rows[0]?.user_version ?? 0),
    writeVersion: (version) => `PRAGMA user_version = ${version}`,
  },
  postgres: {
    tableExists: async (db, name) => (await sql<{ found: string | null }>`SELECT to_regclass(${name})::text AS found`.execute(db)).rows[0]?.found != null,
    readVersion: async (db) => {
      if (!(await legacy.postgres.tableExists(db, 'schema_version'))) return 0;
      return Number((await sql<{ version: number }>`SELECT COALESCE(MAX(version), 0) AS version FROM schema_version`.execute(db)).rows[0]?.version ?? 0);
    },
    writeVersion: (version) =>
      `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL); DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (${version})`,
  },
};

const ddlOf = (migration: StoreMigration, dialect: MigrationDialect): string | null => migration[dialect];

/** How many of the dialect's migrations an older build would count once these have run. */
export const legacyVersionOf = (dialect: MigrationDialect, migrations: readonly StoreMigration[] = storeMigrations): number =>
  migrations.filter((migration) => ddlOf(migration, dialect) !== null).length;

/**
 * The migrations an older build's count covers: every one up to its last counted,
 * and those after it a dialect needs nothing for (they belong to the same schema).
 */
export function migrationsCoveredBy(dialect: MigrationDialect, version: number, migrations: readonly StoreMigration[] = storeMigrations): StoreMigration[] {
  const covered: StoreMigration[] = [];
  let counted = 0;
  for (const migration of migrations) {
    if (ddlOf(migration, dialect) !== null) {
      if (counted === version) break;
      counted++;
    }
    covered.push(migration);
  }
  return covered;
}

const newerSchema = (detail: string): Error =>
  new Error(`database schema ${detail} is newer than this build understands: upgrade Tether Watch or use another database`);

function providerOf(dialect: MigrationDialect, migrations: readonly StoreMigration[]): MigrationProvider {
  const book = legacy[dialect];
  let counted = 0;
  const entries = migrations.map((migration): [string, Migration] => {
    const ddl = ddlOf(migration, dialect);
    if (ddl === null) return [migration.name, { up: async () => undefined }];
    const version = ++counted;
    return [
      migration.name,
      {
        up: async (db) => {
          await sql.raw(ddl).execute(db);
          await sql.raw(book.writeVersion(version)).execute(db);
        },
      },
    ];
  });
  return { getMigrations: async () => Object.fromEntries(entries) };
}

/**
 * Brings a database to the latest schema. `db` must reach one connection only, held
 * by the caller for the whole run, with no other writer migrating at the same time
 * (SQLite: the store's lock; PostgreSQL: the caller's advisory lock).
 */
export async function migrateStore(db: Kysely<unknown>, dialect: MigrationDialect, migrations: readonly StoreMigration[] = storeMigrations): Promise<void> {
  const book = legacy[dialect];
  const recorded = await book.readVersion(db);
  const known = legacyVersionOf(dialect, migrations);
  if (recorded > known) throw newerSchema(`version ${recorded} (this build knows ${known})`);
  if (recorded > 0 && !(await book.tableExists(db, DEFAULT_MIGRATION_TABLE))) await adopt(db, migrationsCoveredBy(dialect, recorded, migrations));
  const { error, results } = await new Migrator({ db: db as Kysely<Record<string, never>>, provider: providerOf(dialect, migrations) }).migrateToLatest();
  if (error === undefined) return;
  const message = error instanceof Error ? error.message : String(error);
  // Kysely's words for a database that ran a migration this build does not have.
  if (message.startsWith('corrupted migrations')) throw newerSchema(`(${message})`);
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  throw new Error(`schema migration ${failed ?? ''} failed: ${message}`, { cause: error });
}

/**
 * Records the migrations an older build ran as Kysely's Migrator would have, in one
 * transaction, creating its table as it does (it only checks the table is there).
 */
async function adopt(db: Kysely<unknown>, covered: readonly StoreMigration[]): Promise<void> {
  const adoptedAt = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable(DEFAULT_MIGRATION_TABLE)
      .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
      .execute();
    const table = (trx as Kysely<Record<string, { name: string; timestamp: string }>>).insertInto(DEFAULT_MIGRATION_TABLE);
    await table.values(covered.map((migration) => ({ name: migration.name, timestamp: adoptedAt }))).execute();
  });
}

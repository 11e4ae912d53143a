import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { StoreDatabase } from '../store-database';
import { sqliteDialect, type StoreSql } from '../store-sql';
import { StatementCache } from './sql-builder';

/**
 * The shared query builder over this store's own connection. Kysely's driver
 * prepares each query it runs; it is handed a cache instead, so each distinct SQL
 * text is prepared once, as the store's other statements are. The store closes the
 * connection itself (never through Kysely).
 */
export function sqliteStoreSql(db: Database.Database): StoreSql {
  const statements = new StatementCache(db);
  const database: SqliteDatabase = {
    prepare: (text) => statements.get(text),
    close: () => undefined,
  };
  return { db: new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) }), dialect: sqliteDialect };
}

import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { migrateStore } from '../migrations/migrate-store';
import { storeMigrations, type StoreMigration } from '../migrations/store-migrations';

/**
 * A statement for Kysely's SQLite driver: a migration's DDL is several statements in one
 * text, which better-sqlite3 prepares only one at a time, so such a text runs whole
 * through `exec` (it binds no parameters).
 */
function prepareOrExec(db: Database.Database, text: string): SqliteStatement {
  try {
    return db.prepare(text) as unknown as SqliteStatement;
  } catch (err) {
    if (!(err instanceof RangeError) || !/more than one statement/.test(err.message)) throw err;
    return {
      reader: false,
      all: () => [],
      run: () => {
        db.exec(text);
        return { changes: 0, lastInsertRowid: 0 };
      },
      iterate: () => [][Symbol.iterator](),
    };
  }
}

/** Brings a SQLite database to the latest schema (../migrations/migrate-store.ts); call before anything else uses the connection. */
export async function migrateSqlite(db: Database.Database, migrations: readonly StoreMigration[] = storeMigrations): Promise<void> {
  const database: SqliteDatabase = { prepare: (text) => prepareOrExec(db, text), close: () => undefined };
  await migrateStore(new Kysely<unknown>({ dialect: new SqliteDialect({ database }) }), 'sqlite', migrations);
}

import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { StoreDatabase } from '../store-database';
import type { SqlSteps, StepResult } from '../sql-steps';
import { sqliteDialect, type StoreSql } from '../store-sql';
import { StatementCache } from './sql-builder';

/** The shared query builder over this store's own connection (sqliteKysely). */
export function sqliteStoreSql(db: Database.Database): StoreSql {
  // The dialect's foldedTitle: SQLite's lower() folds ASCII only, and the session search
  // must match "Éclair" with "éclair" as JavaScript folds the needle.
  db.function('unicode_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : null));
  return { db: sqliteKysely<StoreDatabase>(new StatementCache(db)), dialect: sqliteDialect };
}

/**
 * Kysely over the connection `statements` prepares on. Kysely's driver prepares
 * each query it runs; it is handed the cache instead, so each distinct SQL text is
 * prepared once, as the owner's other statements are. The owner closes the
 * connection itself (never through Kysely).
 */
export function sqliteKysely<DB>(statements: StatementCache): Kysely<DB> {
  const database: SqliteDatabase = {
    prepare: (text) => statements.get(text),
    close: () => undefined,
  };
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}

/**
 * Drives shared statements (../sql-steps.ts) synchronously, each prepared once by
 * `statements`: call it inside a better-sqlite3 transaction to make them one.
 */
export function runSteps<T>(statements: StatementCache, steps: SqlSteps<T>): T {
  let step = steps.next();
  while (!step.done) {
    const statement = statements.get(step.value.sql);
    const parameters = step.value.parameters as unknown[];
    const result: StepResult = statement.reader ? { rows: statement.all(...parameters), changes: 0 } : { rows: [], changes: statement.run(...parameters).changes };
    step = steps.next(result);
  }
  return step.value;
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyConnectionPragmas, inMemoryPath } from '../store/sqlite/open-database';
import { StatementCache } from '../store/sqlite/sql-builder';
import { runSteps, sqliteKysely } from '../store/sqlite/sqlite-kysely';
import type { SqlSteps } from '../store/sql-steps';
import { sqliteDialect } from '../store/store-sql';
import type { AlertDetail } from './alert-conditions';
import type { AlertDatabase, AlertDialect, AlertSql } from './alert-database';
import type { AlertStore } from './alert-store';
import { sqliteAlertSchema } from './sqlite-alert-schema';
import { SqlAlertStore } from './sql-alert-store';

// Alerts in the event database's own file, through a second connection with
// their own tables (created idempotently; the event store's migrations never see
// them). better-sqlite3 is synchronous, so this connection's short writes never
// interleave with the store's transactions; WAL keeps readers of both unblocked.

const sqliteAlertDialect: AlertDialect = {
  inList: sqliteDialect.inList,
  detailOf: (stored) => JSON.parse(stored as string) as AlertDetail,
  // SQLite has one writer at a time and the claim is one statement: nothing writes between its choice and its update.
  lockedForClaim: (due) => due,
};

export function openSqliteAlertStore(dbPath: string): AlertStore {
  if (dbPath !== inMemoryPath) fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath);
  try {
    applyConnectionPragmas(db);
    db.exec(sqliteAlertSchema);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteAlertStore(db);
}

class SqliteAlertStore extends SqlAlertStore {
  readonly kind = 'sqlite';
  readonly shared = false;
  protected readonly sql: AlertSql;
  /** Prepares each statement once, for Kysely's single statements and the transactions' steps alike. */
  private readonly statements: StatementCache;
  private closed = false;

  constructor(private readonly db: Database.Database) {
    super();
    this.statements = new StatementCache(db);
    this.sql = { db: sqliteKysely<AlertDatabase>(this.statements), dialect: sqliteAlertDialect };
  }

  /** Synchronous inside better-sqlite3's transaction: no other statement of this connection runs between the steps. */
  protected async transaction<T>(steps: SqlSteps<T>): Promise<T> {
    return this.db.transaction(() => runSteps(this.statements, steps))();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }
}

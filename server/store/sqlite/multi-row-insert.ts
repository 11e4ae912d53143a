import type Database from 'better-sqlite3';
import type { SqlValue } from './sql-builder';

// Ingest writes thousands of rows per transaction. One `INSERT ... VALUES (...), (...)`
// of many rows costs SQLite one statement execution and better-sqlite3 one native call
// where a row per statement costs one each: measured at about 0.8 µs a row saved.

/** Rows per statement: enough to amortise the call, few enough to keep the parameter list small. */
export const rowsPerStatement = 64;

/**
 * The statements `INSERT <verb> INTO table (columns) VALUES (...) x n` for any n up
 * to `rowsPerStatement`, each prepared on first use (a batch's last, shorter chunk
 * needs its own SQL text).
 */
export class MultiRowStatements {
  private readonly statements = new Map<number, Database.Statement>();
  private readonly rowPlaceholders: string;

  constructor(
    private readonly db: Database.Database,
    private readonly head: string,
    readonly columnCount: number,
  ) {
    this.rowPlaceholders = `(${Array.from({ length: columnCount }, () => '?').join(', ')})`;
  }

  /** Runs the statement for `params.length / columnCount` rows; `params` holds them row after row. */
  run(params: readonly SqlValue[]): Database.RunResult {
    const rows = params.length / this.columnCount;
    let statement = this.statements.get(rows);
    if (statement === undefined) {
      statement = this.db.prepare(`${this.head} VALUES ${Array.from({ length: rows }, () => this.rowPlaceholders).join(', ')}`);
      this.statements.set(rows, statement);
    }
    return statement.run(params);
  }
}

/**
 * Rows queued for one table and written `rowsPerStatement` at a time: for rows
 * nothing needs to read back (typed copies whose key the caller already knows).
 * `flush` writes the rest; call it before the transaction commits.
 */
export class MultiRowBuffer {
  private params: SqlValue[] = [];
  private readonly chunkLength: number;

  constructor(private readonly statements: MultiRowStatements) {
    this.chunkLength = rowsPerStatement * statements.columnCount;
  }

  /** Queues one row: exactly `columnCount` values, in column order. */
  add(...values: SqlValue[]): void {
    for (const value of values) this.params.push(value);
    if (this.params.length === this.chunkLength) this.flush();
  }

  flush(): void {
    if (this.params.length === 0) return;
    const params = this.params;
    // A fresh array before running: if the statement throws, nothing queued survives into the next batch.
    this.params = [];
    this.statements.run(params);
  }

  /** Drops queued rows (their transaction failed). */
  discard(): void {
    this.params = [];
  }
}

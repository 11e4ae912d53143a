import type pg from 'pg';

// Small SQL builders for the PostgreSQL store's hand-tuned ingest: multi-row inserts
// that send one array per column, and text as PostgreSQL can hold it.

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can). Producer strings that reach a
 * text column pass through here, so a NUL in a model name is stored as U+FFFD
 * instead of failing the producer's whole batch.
 */
export function pgText<T extends string | null>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
}

/** A column of a multi-row insert: its name and the PostgreSQL type of its array. */
export interface ArrayColumn {
  name: string;
  type: 'text' | 'bigint' | 'float8';
}

/**
 * `INSERT INTO table (columns) SELECT * FROM unnest($1::type[], ...)`: any number of
 * rows in one statement with one parameter per column, so the SQL text (and the
 * server's plan) stays the same whatever the batch size.
 */
export function unnestInsertSql(table: string, columns: readonly ArrayColumn[], suffix = ''): string {
  const names = columns.map((c) => c.name).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})${suffix}`;
}

/** Rows of one table gathered column by column, written in one statement. */
export class ColumnBuffer {
  private readonly columnValues: (string | number | null)[][];
  private readonly sql: string;

  constructor(table: string, private readonly columns: readonly ArrayColumn[], suffix = '') {
    this.columnValues = columns.map(() => []);
    this.sql = unnestInsertSql(table, columns, suffix);
  }

  get length(): number {
    return this.columnValues[0]!.length;
  }

  /** One row: exactly one value per column, in column order (text as pgText stores it). */
  add(...values: (string | number | null)[]): void {
    for (let i = 0; i < this.columns.length; i++) {
      const value = values[i]!;
      this.columnValues[i]!.push(typeof value === 'string' ? pgText(value) : value);
    }
  }

  async flush(client: pg.ClientBase): Promise<void> {
    if (this.length === 0) return;
    await client.query(this.sql, this.columnValues);
  }
}

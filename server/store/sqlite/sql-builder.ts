import type Database from 'better-sqlite3';

// Read queries have optional filters, so their SQL varies; but only over a small,
// fixed set of shapes. Each distinct SQL text is prepared once and reused.

/** A value a statement binds. */
export type SqlValue = string | number | null;

/** Prepares each distinct SQL text once per connection. */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

import type Database from 'better-sqlite3';

// Read queries have optional filters, so their SQL varies; but only over a small,
// fixed set of shapes. Each distinct SQL text is prepared once and reused.

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

/** AND-ed conditions with their positional parameters, in order. */
export class WhereClause {
  private readonly conditions: string[] = [];
  readonly params: SqlValue[] = [];

  /** Adds `condition` (with one `?` per value) when `value` is defined. */
  addIf<T extends SqlValue>(value: T | undefined, condition: string, toParam: (value: T) => SqlValue = (v) => v): this {
    if (value !== undefined) this.add(condition, toParam(value));
    return this;
  }

  add(condition: string, ...params: SqlValue[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  /**
   * `column IN (...)` for a list of any length with one parameter, so the SQL
   * text (and its prepared statement) does not depend on the list's length.
   */
  addInList(column: string, values: readonly string[] | undefined): this {
    if (values !== undefined) this.add(`${column} IN (SELECT value FROM json_each(?))`, JSON.stringify(values));
    return this;
  }

  /** ` WHERE a AND b`, or nothing when there are no conditions. */
  toSql(): string {
    return this.conditions.length === 0 ? '' : ` WHERE ${this.conditions.join(' AND ')}`;
  }
}

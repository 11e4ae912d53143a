import { sql, type Kysely, type OrderByItemBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { SessionCostColumns } from './event-store';
import type { StoreDatabase } from './store-database';

// The one query builder both stores read through (Kysely, over the store's own
// better-sqlite3 handle or pg pool), and the few phrases where SQLite and
// PostgreSQL say the same thing differently. A read written once against
// `StoreSql` runs unchanged on either store.

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * `column IN (values)` with one parameter whatever the list's length, so the SQL
   * text (and the prepared statement or server plan) does not depend on it.
   */
  inList(column: string, values: readonly string[]): RawBuilder<SqlBool>;
  /** The start of the epoch-aligned bucket of `widthMs` an integer millisecond column falls in. */
  bucketStart(column: string, widthMs: number): RawBuilder<number>;
  /** Whether `haystack` contains `needle` as plain characters (no LIKE wildcards). */
  contains(haystack: RawBuilder<string>, needle: string): RawBuilder<SqlBool>;
  /** Text sorted in byte order (SQLite's own), whatever a PostgreSQL database's locale. */
  byteOrder(item: OrderByItemBuilder): OrderByItemBuilder;
  /** A text column compared and sorted in byte order: a sort key a keyset cursor compares against too. */
  inByteOrder(column: 'session_id'): RawBuilder<string>;
  /**
   * A session's text column as the listing sorts it: ASCII letters folded (as SQLite's
   * NOCASE does), in byte order: the expression the agent and model indexes are on.
   */
  caseless(column: 'title' | 'agent' | 'model'): RawBuilder<string>;
  /**
   * A session's title lower-cased as JavaScript's toLowerCase() folds the search box's
   * text: a function SQLite is given (sqlite/sqlite-kysely.ts), a column ingest fills in PostgreSQL.
   */
  readonly foldedTitle: RawBuilder<string>;
  /** Nulls before values in an ascending order: SQLite's default, said outright in PostgreSQL. */
  nullsFirst(item: OrderByItemBuilder): OrderByItemBuilder;
  /**
   * The `sessions` column holding the whole summary: JSON text in SQLite, JSONB in
   * PostgreSQL (readable with SQL by an operator), which the driver hands back parsed.
   */
  readonly summaryColumn: 'summary_json' | 'summary';
  /** The rows of a cost update, as a subquery of (session_id, cost_usd, unpriced_tokens) with one parameter per column or fewer. */
  costRows(costs: ReadonlyMap<string, SessionCostColumns>): RawBuilder<unknown>;
}

export interface StoreSql {
  readonly db: Kysely<StoreDatabase>;
  readonly dialect: SqlDialect;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  inList: (column, values) => sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
  // Bound numbers arrive as REAL: without the casts, `/` would not floor.
  bucketStart: (column, widthMs) => sql<number>`(${sql.ref(column)} / CAST(${widthMs} AS INTEGER)) * CAST(${widthMs} AS INTEGER)`,
  contains: (haystack, needle) => sql<SqlBool>`instr(${haystack}, ${needle}) > 0`,
  byteOrder: (item) => item,
  inByteOrder: (column) => sql<string>`${sql.ref(column)}`,
  caseless: (column) => sql<string>`${sql.ref(column)} COLLATE NOCASE`,
  // SQLite's lower() folds ASCII only: a function of the store's own (sqlite/sqlite-kysely.ts).
  foldedTitle: sql<string>`unicode_lower(title)`,
  nullsFirst: (item) => item,
  summaryColumn: 'summary_json',
  // One JSON array of [session_id, cost_usd, unpriced_tokens] rows.
  costRows: (costs) =>
    sql`(SELECT value ->> 0 AS session_id, value ->> 1 AS cost_usd, value ->> 2 AS unpriced_tokens FROM json_each(${JSON.stringify(
      Array.from(costs, ([sessionId, cost]) => [sessionId, cost.cost_usd, cost.unpriced_tokens]),
    )}))`,
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  inList: (column, values) => sql<SqlBool>`${sql.ref(column)} = ANY(${sql.val(values)}::text[])`,
  bucketStart: (column, widthMs) => sql<number>`(${sql.ref(column)} / ${widthMs}::bigint) * ${widthMs}::bigint`,
  // strpos, not LIKE: `%`, `_` and backslashes in the needle are plain characters.
  contains: (haystack, needle) => sql<SqlBool>`strpos(${haystack}, ${needle}) > 0`,
  byteOrder: (item) => item.collate('C'),
  inByteOrder: (column) => sql<string>`${sql.ref(column)} COLLATE "C"`,
  // lower() under "C" folds ASCII only, like SQLite's NOCASE.
  caseless: (column) => sql<string>`lower(${sql.ref(column)} COLLATE "C")`,
  foldedTitle: sql<string>`title_folded`,
  nullsFirst: (item) => item.nullsFirst(),
  summaryColumn: 'summary',
  // One array per column.
  costRows: (costs) => {
    const ids = [...costs.keys()];
    const usd = ids.map((id) => costs.get(id)!.cost_usd);
    const unpriced = ids.map((id) => costs.get(id)!.unpriced_tokens);
    return sql`(SELECT * FROM unnest(${sql.val(ids)}::text[], ${sql.val(usd)}::float8[], ${sql.val(unpriced)}::bigint[]) AS t(session_id, cost_usd, unpriced_tokens))`;
  },
};

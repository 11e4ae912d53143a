import type { Compilable, CompiledQuery, InferResult } from 'kysely';

// A store operation of several statements written once for both stores, as a
// generator: it yields each statement, compiled by the shared query builder, and is
// handed back what the statement did. The SQLite store drives it synchronously inside
// its better-sqlite3 transaction (an await there would let another batch's
// transaction interleave); the PostgreSQL store drives it on one client, awaiting each
// statement (sqlite/sqlite-kysely.ts, postgres/pg-kysely.ts).

/** What one statement did: its rows (a read, or RETURNING) and how many rows it changed. */
export interface StepResult {
  rows: unknown[];
  changes: number;
}

export type SqlSteps<T> = Generator<CompiledQuery, T, StepResult>;

/** The rows of a query, typed by the query builder. */
export function* rowsOf<Q extends Compilable>(query: Q): SqlSteps<InferResult<Q>> {
  return (yield query.compile()).rows as InferResult<Q>;
}

/** Runs a statement and tells how many rows it changed. */
export function* changesOf(query: Compilable): SqlSteps<number> {
  return (yield query.compile()).changes;
}

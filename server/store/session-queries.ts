import { sql, type SqlBool } from 'kysely';
import type { SessionSummary } from '#protocol/api-schemas';
import type { SessionCostColumns } from './event-store';
import { withSummaryDefaults } from './session-summary';
import { changesOf, rowsOf, type SqlSteps } from './sql-steps';
import type { StoreSql } from './store-sql';

// The `sessions` table's reads and cost writes, for both stores. The summary upsert
// is each store's own, tuned for its ingest (sqlite/session-table.ts,
// postgres/pg-session-table.ts).

/** A stored summary (JSON text or, from PostgreSQL's JSONB, already parsed) with its cost columns. */
export interface SessionRow {
  summary: unknown;
  cost_usd: number | null;
  unpriced_tokens: number;
}

/** A stored summary with the cost columns the pricing step writes (the JSON's copy may be older). */
export function summaryOfRow(row: SessionRow): SessionSummary {
  const stored = (typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary) as SessionSummary;
  const summary = withSummaryDefaults(stored);
  summary.cost_usd = row.cost_usd;
  summary.unpriced_tokens = Number(row.unpriced_tokens);
  return summary;
}

const selectRows = ({ db, dialect }: StoreSql) =>
  db.selectFrom('sessions').select([sql<unknown>`${sql.ref(dialect.summaryColumn)}`.as('summary'), 'cost_usd', 'unpriced_tokens']);

/** The committed summary of a session, or null if it has none. */
export function* summaryOf(store: StoreSql, sessionId: string): SqlSteps<SessionSummary | null> {
  const [row] = yield* rowsOf(selectRows(store).where('session_id', '=', sessionId));
  return row === undefined ? null : summaryOfRow(row);
}

/** The committed summaries of these sessions (those that have one). */
export function* summariesOf(store: StoreSql, sessionIds: readonly string[]): SqlSteps<Map<string, SessionSummary>> {
  const summaries = new Map<string, SessionSummary>();
  if (sessionIds.length === 0) return summaries;
  for (const row of yield* rowsOf(selectRows(store).where(store.dialect.inList('session_id', sessionIds)))) {
    const summary = summaryOfRow(row);
    summaries.set(summary.session_id, summary);
  }
  return summaries;
}

export async function countSessions({ db }: StoreSql): Promise<number> {
  const row = await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets sessions' cost columns (the pricing step's figures), in one statement. */
export function* writeSessionCosts({ db, dialect }: StoreSql, costs: ReadonlyMap<string, SessionCostColumns>): SqlSteps<void> {
  if (costs.size === 0) return;
  yield* changesOf(
    db
      .updateTable('sessions')
      .from(dialect.costRows(costs).as('u'))
      .set({ cost_usd: sql`u.cost_usd`, unpriced_tokens: sql`u.unpriced_tokens` })
      .where(sql<SqlBool>`sessions.session_id = u.session_id`),
  );
}

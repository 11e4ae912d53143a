import { sql, type SqlBool } from 'kysely';
import { changesOf, rowsOf, type SqlSteps } from './sql-steps';
import type { StoreSql } from './store-sql';
import { rollupHourMs } from './usage-plan';

// "A session's first token_usage withdraws what its usage reports counted"
// (./usage-origin.ts), for both stores: the session's usage-report rows go, and both
// hourly rollups lose their share. At most once per session, inside the batch's
// transaction, after the batch's earlier rows and rollup sums are written.

/** A session's usage-report rows, reached through events_by_session (token_usage has no session index): events first. */
const reportRows = ({ db }: StoreSql, sessionId: string) =>
  db
    .selectFrom('events as e')
    // CROSS JOIN: SQLite keeps this join order (events outermost); PostgreSQL plans it as an inner join.
    .crossJoin('token_usage as t')
    .whereRef('t.cursor', '=', 'e.cursor')
    .where('e.session_id', '=', sessionId)
    .where('t.origin', '=', 'usage_report');

export function* withdrawReports(store: StoreSql, sessionId: string): SqlSteps<void> {
  const { db, dialect } = store;
  const shares = yield* rowsOf(
    reportRows(store, sessionId)
      .select((eb) => [
        dialect.bucketStart('t.ts_ms', rollupHourMs).as('hour_ms'),
        't.model',
        eb.fn.sum<number>('t.prompt_tokens').as('prompt_tokens'),
        eb.fn.sum<number>('t.completion_tokens').as('completion_tokens'),
        eb.fn.countAll<number>().as('calls'),
      ])
      .groupBy(['hour_ms', 't.model']),
  );
  for (const share of shares) {
    const [hourMs, prompt, completion, calls] = [Number(share.hour_ms), Number(share.prompt_tokens), Number(share.completion_tokens), Number(share.calls)];
    // Usage reports count as root (and carry no cache tokens or reported cost).
    const subtracted = {
      prompt_tokens: sql<number>`prompt_tokens - ${prompt}`,
      completion_tokens: sql<number>`completion_tokens - ${completion}`,
      calls: sql<number>`calls - ${calls}`,
      usage_report_calls: sql<number>`usage_report_calls - ${calls}`,
    };
    yield* changesOf(
      db.updateTable('usage_hourly').set(subtracted).where('hour_ms', '=', hourMs).where('source', '=', 'root').where('model', '=', share.model).where('session_id', '=', sessionId),
    );
    // A demo session's usage never reached usage_model_hourly (./demo-sessions.ts); it is marked before its rows are written.
    yield* changesOf(
      db
        .updateTable('usage_model_hourly')
        .set(subtracted)
        .where('hour_ms', '=', hourMs)
        .where('source', '=', 'root')
        .where('model', '=', share.model)
        .where(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM demo_sessions WHERE session_id = ${sessionId})`),
    );
    // A rollup row left with no calls goes: the rollups hold only hours with usage.
    yield* changesOf(
      db.deleteFrom('usage_hourly').where('hour_ms', '=', hourMs).where('source', '=', 'root').where('model', '=', share.model).where('session_id', '=', sessionId).where('calls', '=', 0),
    );
    yield* changesOf(db.deleteFrom('usage_model_hourly').where('hour_ms', '=', hourMs).where('source', '=', 'root').where('model', '=', share.model).where('calls', '=', 0));
  }
  yield* changesOf(db.deleteFrom('token_usage').where('cursor', 'in', reportRows(store, sessionId).select('t.cursor')));
}

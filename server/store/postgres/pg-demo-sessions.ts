import type pg from 'pg';
import type { DemoDataRemoval } from '../demo-sessions';
import { inTransaction } from './open-pool';

// The demo_sessions table in PostgreSQL, as ../sqlite/demo-table.ts: marking a batch's
// new demo sessions, counting them, and removing everything they left.

const demoIds = 'SELECT session_id FROM demo_sessions';

/** Every table keyed by session that a demo session can have rows in, besides events and sessions. */
const sessionTables = ['rlm_completions', 'compactions', 'rlm_fallbacks', 'context_samples', 'usage_hourly', 'budgets'] as const;

/** Marks sessions as demo sessions; inside the batch's transaction, before its rows are written. */
export async function markDemoSessions(client: pg.ClientBase, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await client.query('INSERT INTO demo_sessions (session_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [sessionIds]);
}

export async function countDemoSessions(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM demo_sessions');
  return Number(rows[0]!.n);
}

/**
 * Deletes every demo session's rows in one transaction. It takes the ingest lock
 * (`ingestLockKey`), so no batch of a demo session commits half-way through it.
 */
export async function removeDemoData(pool: pg.Pool, ingestLockKey: number): Promise<DemoDataRemoval> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ingestLockKey]);
    const sessionIds = (await client.query<{ session_id: string }>(demoIds)).rows.map((row) => row.session_id);
    // token_usage has no session index: its rows go by the cursors of the sessions' events.
    await client.query(`DELETE FROM token_usage WHERE cursor IN (SELECT cursor FROM events WHERE session_id IN (${demoIds}))`);
    for (const table of sessionTables) await client.query(`DELETE FROM ${table} WHERE session_id IN (${demoIds})`);
    const events = (await client.query(`DELETE FROM events WHERE session_id IN (${demoIds})`)).rowCount ?? 0;
    await client.query(`DELETE FROM sessions WHERE session_id IN (${demoIds})`);
    // usage_model_hourly never held demo usage, so it has nothing to give back.
    await client.query('DELETE FROM demo_sessions');
    return { sessions: sessionIds.length, events, sessionIds };
  });
}

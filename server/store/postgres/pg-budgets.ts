import type pg from 'pg';
import type { Budget } from '../../../src/protocol/api-schemas';

// Per-session budget overrides set from the dashboard; the global default is configuration.

export async function budgets(pool: pg.Pool): Promise<Record<string, Budget>> {
  const { rows } = await pool.query<Budget & { session_id: string }>('SELECT session_id, warn_usd, limit_usd FROM budgets ORDER BY session_id');
  // Null prototype: a session id is data, so `__proto__` or `constructor` is a key like any other.
  const overrides = Object.create(null) as Record<string, Budget>;
  for (const { session_id, ...budget } of rows) overrides[session_id] = budget;
  return overrides;
}

/** Sets one session's override; both thresholds null removes it. */
export async function setBudget(pool: pg.Pool, sessionId: string, budget: Budget): Promise<void> {
  if (budget.warn_usd === null && budget.limit_usd === null) {
    await pool.query('DELETE FROM budgets WHERE session_id = $1', [sessionId]);
    return;
  }
  await pool.query(
    `INSERT INTO budgets (session_id, warn_usd, limit_usd) VALUES ($1, $2, $3)
     ON CONFLICT (session_id) DO UPDATE SET warn_usd = excluded.warn_usd, limit_usd = excluded.limit_usd`,
    [sessionId, budget.warn_usd, budget.limit_usd],
  );
}

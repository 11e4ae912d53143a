import type { Budget } from '#protocol/cost-schemas';
import type { StoreSql } from './store-sql';

// Per-session budget overrides, for both stores. A session without a row follows the
// global default from configuration; a row always has at least one threshold.

export async function budgets(store: StoreSql): Promise<Record<string, Budget>> {
  const rows = await store.db.selectFrom('budgets').select(['session_id', 'warn_usd', 'limit_usd']).orderBy('session_id').execute();
  // Null prototype: a session id is data, so `__proto__` or `constructor` is a key like any other.
  const overrides = Object.create(null) as Record<string, Budget>;
  for (const row of rows) overrides[row.session_id] = { warn_usd: row.warn_usd, limit_usd: row.limit_usd };
  return overrides;
}

/** Sets one session's override; both thresholds null removes it, so the session follows the global default again. */
export async function setBudget(store: StoreSql, sessionId: string, budget: Budget): Promise<void> {
  if (budget.warn_usd === null && budget.limit_usd === null) {
    await store.db.deleteFrom('budgets').where('session_id', '=', sessionId).execute();
    return;
  }
  await store.db
    .insertInto('budgets')
    .values({ session_id: sessionId, warn_usd: budget.warn_usd, limit_usd: budget.limit_usd })
    .onConflict((conflict) => conflict.column('session_id').doUpdateSet((eb) => ({ warn_usd: eb.ref('excluded.warn_usd'), limit_usd: eb.ref('excluded.limit_usd') })))
    .execute();
}

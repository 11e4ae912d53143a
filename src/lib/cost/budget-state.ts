import type { Budget } from '../../protocol/cost-schemas';

// Budget logic for session cost: which thresholds apply, where a session
// stands against them, and where its burn rate takes it. Pure; the overview
// row and the session header both read it.

/** `none`: no threshold applies or the cost is unknown (unpriced); `warn`: at or past warn; `limit`: at or past the limit. */
export type BudgetState = 'none' | 'ok' | 'warn' | 'limit';

export const noBudget: Budget = { warn_usd: null, limit_usd: null };

/**
 * The thresholds in force for one session: its override, threshold by
 * threshold, else the global default. An override that sets only a warn keeps
 * the global limit (an operator tightening the warning has not lifted the limit).
 */
export function effectiveBudget(global: Budget, override: Budget | undefined): Budget {
  return {
    warn_usd: override?.warn_usd ?? global.warn_usd,
    limit_usd: override?.limit_usd ?? global.limit_usd,
  };
}

/** Like the agent's own cost guard: reaching a threshold counts (a $5 limit is hit at $5.00). */
export function budgetState(costUsd: number | null, budget: Budget): BudgetState {
  if (costUsd === null || (budget.warn_usd === null && budget.limit_usd === null)) return 'none';
  if (budget.limit_usd !== null && costUsd >= budget.limit_usd) return 'limit';
  if (budget.warn_usd !== null && costUsd >= budget.warn_usd) return 'warn';
  return 'ok';
}

/** Words for a state, so colour is never the only signal. Null: nothing worth saying. */
export function budgetStateLabel(state: BudgetState): string | null {
  if (state === 'warn') return 'over warn';
  if (state === 'limit') return 'at limit';
  return null;
}

export type BudgetProjection =
  /** The limit will be reached in `inMs` at the current burn rate. */
  | { kind: 'limit'; inMs: number }
  /** No limit ahead (none set, or already reached): the cost an hour from now at the current burn rate. */
  | { kind: 'hour'; costUsd: number };

/**
 * Where a running session's burn rate takes it. Null when it is not burning
 * (no priced usage in the last 15 minutes) or its cost is unknown.
 */
export function projectBudget(costUsd: number | null, burnUsdPerH: number | null, budget: Budget): BudgetProjection | null {
  if (costUsd === null || burnUsdPerH === null || !(burnUsdPerH > 0)) return null;
  const limit = budget.limit_usd;
  if (limit !== null && costUsd < limit) {
    return { kind: 'limit', inMs: ((limit - costUsd) / burnUsdPerH) * 3_600_000 };
  }
  return { kind: 'hour', costUsd: costUsd + burnUsdPerH };
}

/** "~25 min", "~3 h", "~2 d": a projection is a guess, so it is rounded like one. */
export function formatApproxDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const minutes = ms / 60_000;
  if (minutes < 1) return '<1 min';
  if (minutes < 90) return `~${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 36) return `~${Math.round(hours)} h`;
  return `~${Math.round(hours / 24)} d`;
}

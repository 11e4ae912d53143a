import type { Budget } from '#protocol/cost-schemas';

// The global budget: a default from configuration (TETHER_BUDGET_WARN_USD /
// TETHER_BUDGET_LIMIT_USD), like the agent's own cost warn / limit settings.

/** A warning above the limit would never fire before the limit: refuse it, naming the setting. */
export function budgetOrderProblem(budget: { warn_usd?: number | null; limit_usd?: number | null }): string | null {
  const { warn_usd: warn, limit_usd: limit } = budget;
  return warn != null && limit != null && warn > limit ? `warn_usd (${warn}) must not exceed limit_usd (${limit})` : null;
}

export const globalBudgetOf = (config: { budgetWarnUsd?: number; budgetLimitUsd?: number }): Budget => ({
  warn_usd: config.budgetWarnUsd ?? null,
  limit_usd: config.budgetLimitUsd ?? null,
});

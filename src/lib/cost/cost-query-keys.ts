/**
 * Keys of the cost data two features share (the overview and the session page):
 * `all` > `sessionCosts(filter)` and `all` > `budgets()`, so a budget change or
 * new prices can invalidate everything priced at once.
 */
export const costKeys = {
  all: ['costs'] as const,
  sessionCostLists: () => [...costKeys.all, 'session-costs'] as const,
  /** `sessionIds` null: every session. */
  sessionCosts: (sessionIds: readonly string[] | null) => [...costKeys.sessionCostLists(), sessionIds ?? 'all'] as const,
  budgets: () => [...costKeys.all, 'budgets'] as const,
};

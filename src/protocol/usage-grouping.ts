// How the usage API groups its rows and how many of them a limited
// reply may hold. Free of zod, apart from ./api-queries.ts (whose schemas are
// built from these), for the same reason as ./token-source.ts: the Cost page
// reads its URL with them in the app's early entry.

export const usageGroupKeys = ['source', 'model', 'session', 'agent', 'label'] as const;
export type UsageGroupKey = (typeof usageGroupKeys)[number];

/** How many rows a limited usage reply may ask for (`limit`); the Cost page's `rows=` is bounded by it too. */
export const USAGE_LIMIT_MAX = 100_000;

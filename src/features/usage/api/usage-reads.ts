import type { ApiRead } from '../../../lib/api/api-url';
import { resolveRange } from '../../../lib/time/time-range';
import type { UsageQuery } from '../../../protocol/api-queries';
import { parseUsageParams } from '../utils/usage-params';
import { usageViewQueries } from '../utils/usage-requests';

// The Cost page's reads as plain requests, free of React and the reply schemas, so
// the early entry (src/app/early-start.ts) can start them before the app has
// loaded, and the page's queries (./get-usage.ts) ask for exactly the same URLs.

/** `GET /api/v1/usage` for `query`: lists travel comma-separated, the bucket in ms. */
export function usageRead(query: UsageQuery): ApiRead {
  return { path: '/usage', params: { ...query } };
}

/**
 * The usage reads a view of the page at `search` makes first, the table first (the
 * server answers in order, and it is the largest). None when the view's range depends
 * on the page's own clock: a custom range without a start begins a day before the
 * moment the page renders, and reads made from another clock would not be the page's.
 */
export function usageViewFirstQueries(search: URLSearchParams, nowMs = Date.now()): UsageQuery[] {
  const params = parseUsageParams(search);
  if (params.range === 'custom' && params.fromMs === null) return [];
  const queries = usageViewQueries(params, resolveRange(params, nowMs));
  return [queries.table, queries.chart, queries.sessions, queries.choices].filter((query) => query !== null);
}

export function usageViewFirstReads(search: URLSearchParams, nowMs = Date.now()): ApiRead[] {
  return usageViewFirstQueries(search, nowMs).map(usageRead);
}

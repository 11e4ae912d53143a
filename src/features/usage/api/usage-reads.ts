import type { ApiRead } from '../../../lib/api/api-url';
import { resolveRange } from '../../../lib/time/time-range';
import type { UsageQuery } from '../../../protocol/api-queries';
import { parseUsageParams } from '../utils/usage-params';
import { usageViewQueries } from '../utils/usage-requests';

// The Cost page's reads as plain requests, free of the reply schemas and React, so
// the early entry (src/app/early-start.ts) can start the first ones from the URL
// while the app's code is still loading, and the page's queries (./get-usage.ts)
// ask for exactly the same URLs. Its URL is read without zod
// (../utils/usage-params.ts): the early entry carries its own copy of all this.

/** `GET /api/v1/usage` for one query: lists travel comma-separated, the bucket in ms. */
export function usageRead(query: UsageQuery): ApiRead {
  return { path: '/usage', params: { ...query } };
}

/**
 * The usage queries the Cost page at `search` makes first, the table's first: the
 * server answers in order, and on a fleet it is the largest. None for a custom range
 * without a start: that begins a day before the page's own clock, so the page's keys
 * would differ and every read be made twice.
 */
export function usageViewFirstQueries(search: URLSearchParams, nowMs = Date.now()): UsageQuery[] {
  const params = parseUsageParams(search);
  if (params.range === 'custom' && params.fromMs === null) return [];
  const queries = usageViewQueries(params, resolveRange(params, nowMs));
  return [queries.table, queries.chart, queries.sessions, queries.choices].filter((query) => query !== null);
}

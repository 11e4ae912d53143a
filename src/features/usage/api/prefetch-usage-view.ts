import type { QueryClient } from '@tanstack/react-query';
import { resolveRange } from '../../../lib/time/time-range';
import { parseUsageParams } from '../utils/usage-params';
import { usageViewQueries } from '../utils/usage-requests';
import { usageQueryOptions } from './get-usage';

/**
 * Starts the usage reads of the Cost page at `search` from the URL alone, for the
 * route's loader: they then run while the page's code loads instead of after its
 * first render (on 2,000 sessions, the table's read is most of the wait). The page's
 * own queries have the same keys, so they take these over instead of asking again.
 * The recent-sessions list (live refresh only) is left to the page: the live socket
 * restarts session reads made before it first goes live.
 */
export function prefetchUsageView(client: QueryClient, search: URLSearchParams, nowMs = Date.now()): void {
  const params = parseUsageParams(search);
  // A custom range without a start begins a day before the page's clock, which is not this
  // one: its keys would differ and the reads be made twice.
  if (params.range === 'custom' && params.fromMs === null) return;
  const queries = usageViewQueries(params, resolveRange(params, nowMs));
  // The table first: the server answers in order, and it is the largest.
  for (const query of [queries.table, queries.chart, queries.sessions, queries.choices]) {
    if (query !== null) void client.prefetchQuery(usageQueryOptions(query));
  }
}

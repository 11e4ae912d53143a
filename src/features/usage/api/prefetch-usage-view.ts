import type { QueryClient } from '@tanstack/react-query';
import { usageQueryOptions } from './get-usage';
import { usageViewFirstQueries } from './usage-reads';

/**
 * Starts the usage reads of the Cost page at `search` from the URL alone, for the
 * route's loader: they then run while the page's code loads instead of after its
 * first render (on 2,000 sessions, the table's read is most of the wait). The page's
 * own queries have the same keys, so they take these over instead of asking again;
 * on a cold open, these take over the same reads from the early entry in turn.
 * The recent-sessions list (live refresh only) is left to the page: the live socket
 * restarts session reads made before it first goes live.
 */
export function prefetchUsageView(client: QueryClient, search: URLSearchParams, nowMs = Date.now()): void {
  for (const query of usageViewFirstQueries(search, nowMs)) void client.prefetchQuery(usageQueryOptions(query));
}

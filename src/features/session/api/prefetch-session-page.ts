import type { QueryClient } from '@tanstack/react-query';
import { sessionQueryOptions } from './get-session';
import { sessionEventsQueryOptions } from './get-session-events';

/**
 * Starts the session page's two first reads (its newest events and its summary)
 * from the URL alone, for the route's loader: they then run while the page's code
 * loads and the shell first renders, instead of after the page's first render.
 * The page's own queries have the same keys and take these over.
 */
export function prefetchSessionPage(client: QueryClient, sessionId: string): void {
  // The events first: the larger answer, and the one the page waits for.
  void client.prefetchInfiniteQuery(sessionEventsQueryOptions(sessionId));
  void client.prefetchQuery(sessionQueryOptions(sessionId));
}

import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getSessionList } from '../../../lib/sessions/session-list';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import type { SessionListQuery } from '../../../protocol/api-queries';

/**
 * Fleet-wide figures change with the clock (a silent session turns stalled,
 * then abandoned) without any event to push: the visible tab re-reads them this often.
 */
export const OVERVIEW_REFRESH_MS = 5_000;

export function sessionPagesQueryOptions(filters: SessionListQuery) {
  return infiniteQueryOptions({
    queryKey: sessionKeys.pages(filters),
    queryFn: ({ pageParam, signal }) => getSessionList(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // Changing a filter keeps the previous rows on screen until the new ones arrive, instead of flashing a spinner.
    placeholderData: keepPreviousData,
    refetchInterval: OVERVIEW_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

/**
 * The overview's list, page by page (the server filters, sorts and counts the
 * whole fleet); kept current by the live socket, which puts pushed summaries
 * into the loaded rows and has the pages re-read (session-cache.ts).
 */
export function useSessionPages(filters: SessionListQuery) {
  return useInfiniteQuery(sessionPagesQueryOptions(filters));
}

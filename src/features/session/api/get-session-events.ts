import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { apiGet } from '../../../lib/api-client';
import { sessionKeys } from '../../../lib/session-query-keys';
import { eventPageSchema, type EventPage } from '../../../protocol/api-schemas';
import { historyCursor } from '../utils/merge-timeline';

/** The API's maximum: fewer round trips for long sessions. */
const PAGE_SIZE = 1_000;
/** Pages one "load earlier" reads: 10,000 events a step, not 1,000 (a 60,000-event session was 60 clicks). */
const EARLIER_PAGES_PER_STEP = 10;
export const EARLIER_STEP_EVENTS = EARLIER_PAGES_PER_STEP * PAGE_SIZE;

/** Where a page starts: newer than `after` (reading on), or the newest older than `before` (reading back). */
export type EventPageParam = { after: number } | { before: number };

/** `GET /api/v1/sessions/:id/events`: one page of stored events, ascending either way. */
export function getSessionEvents(sessionId: string, page: EventPageParam, signal?: AbortSignal, limit = PAGE_SIZE): Promise<EventPage> {
  return apiGet(`/sessions/${encodeURIComponent(sessionId)}/events`, eventPageSchema, {
    params: { ...page, limit },
    signal,
  });
}

/**
 * Memory stays bounded: a page opens with the newest PAGE_SIZE stored events
 * (the live ring holds the present), and older ones are read only when the
 * operator asks (`fetchPreviousPage`).
 */
export function sessionEventsQueryOptions(sessionId: string) {
  return infiniteQueryOptions({
    queryKey: sessionKeys.events(sessionId),
    queryFn: ({ pageParam, signal }) => getSessionEvents(sessionId, pageParam, signal),
    initialPageParam: { before: Number.MAX_SAFE_INTEGER } as EventPageParam,
    // A full page read backwards may have older events before it.
    getPreviousPageParam: (firstPage): EventPageParam | undefined =>
      firstPage.events.length === PAGE_SIZE ? { before: firstPage.events[0]!.cursor } : undefined,
    // There is always a "next" page: `next_cursor`, or else the end of what we
    // hold, so the history can read on later (see the gap effect below).
    // Whether to read on *now* is `next_cursor !== null`.
    getNextPageParam: (lastPage, pages): EventPageParam => ({ after: lastPage.next_cursor ?? historyCursor(pages) }),
    // Stored events never change; newer ones arrive over the socket, and a
    // resync invalidates this query explicitly.
    staleTime: Infinity,
  });
}

/**
 * The session's whole stored history, page after page, plus reading on when the
 * live ring had to let go of stored events the history does not hold yet
 * (`liveTrimmedCursor`): together they never leave a hole in the timeline.
 */
export function useSessionHistory(sessionId: string, liveTrimmedCursor: number | null) {
  const query = useInfiniteQuery(sessionEventsQueryOptions(sessionId));
  const { data, isFetching, isError, fetchNextPage } = query;
  const pages = data?.pages;
  const morePages = pages !== undefined && pages.at(-1)?.next_cursor != null;
  const heldCursor = pages ? historyCursor(pages) : 0;
  const askedPast = useRef<number | null>(null);

  useEffect(() => {
    if (isFetching || isError || pages === undefined) return;
    if (morePages) {
      void fetchNextPage();
    } else if (liveTrimmedCursor !== null && liveTrimmedCursor > heldCursor && askedPast.current !== liveTrimmedCursor) {
      // Asked once per gap, so an answer that does not close it cannot loop.
      askedPast.current = liveTrimmedCursor;
      void fetchNextPage();
    }
  }, [isFetching, isError, pages, morePages, liveTrimmedCursor, heldCursor, fetchNextPage]);

  // One step of earlier pages, one request after another; a step already under way is not doubled.
  const { fetchPreviousPage } = query;
  const loadingEarlier = useRef(false);
  const loadEarlier = useCallback(async () => {
    if (loadingEarlier.current) return;
    loadingEarlier.current = true;
    try {
      for (let page = 0; page < EARLIER_PAGES_PER_STEP; page++) {
        const result = await fetchPreviousPage();
        if (result.isError || !result.hasPreviousPage) break;
      }
    } finally {
      loadingEarlier.current = false;
    }
  }, [fetchPreviousPage]);

  return { ...query, loadingMore: morePages, loadEarlier };
}

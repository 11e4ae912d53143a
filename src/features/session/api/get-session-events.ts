import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { apiGet } from '../../../lib/api/api-client';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import { EVENT_PAGE_SIZE as PAGE_SIZE, newestCursorHeld, readsOnNow, type EventPageParam } from '../../../lib/sessions/session-event-pages';
import { useHistoryReadOnDue } from '../../../live/hooks/use-connection-status';
import { recordHistoryReadOn } from '../../../live/store/live-actions';
import { eventPageSchema, type EventPage } from '../../../protocol/api-schemas';
import { eventPageRead, openingPageParam, OPENING_PAGE_SIZE } from './session-reads';
/** Pages one "load earlier" reads: 10,000 events a step, not 1,000 (a 60,000-event session was 60 clicks). */
const EARLIER_PAGES_PER_STEP = 10;
export const EARLIER_STEP_EVENTS = EARLIER_PAGES_PER_STEP * PAGE_SIZE;

const isOpeningPage = (param: EventPageParam) => param.cursor === undefined && param.order === 'desc';

/**
 * `GET /api/v1/sessions/:id/events`: one page of stored events. The API lists a
 * `desc` page newest first; it comes back ascending here, as the timeline reads
 * pages, with the reply's `next_cursor` (the next page the same way) unchanged.
 */
export async function getSessionEvents(sessionId: string, page: EventPageParam, signal?: AbortSignal): Promise<EventPage> {
  const { path, params } = eventPageRead(sessionId, page);
  const reply = await apiGet(path, eventPageSchema, { params, signal });
  return page.order === 'desc' ? { ...reply, events: reply.events.toReversed() } : reply;
}

/**
 * The one home of a session's stored events: pages read over REST and the pages
 * the live socket appends as it pushes (src/lib/sessions/pushed-events-cache.ts).
 * It opens with the newest PAGE_SIZE stored events (read as OPENING_PAGE_SIZE,
 * then the rest); older ones are read only when the operator asks (`fetchPreviousPage`).
 */
export function sessionEventsQueryOptions(sessionId: string) {
  return infiniteQueryOptions({
    queryKey: sessionKeys.events(sessionId),
    queryFn: ({ pageParam, signal }) => getSessionEvents(sessionId, pageParam, signal),
    initialPageParam: openingPageParam,
    // The first page is always one read backwards (the opening one, or an earlier one before it).
    // Before the small opening page, the rest of the newest PAGE_SIZE: together they are one ordinary page.
    getPreviousPageParam: (firstPage, _pages, firstPageParam): EventPageParam | undefined =>
      firstPage.next_cursor === null
        ? undefined
        : { order: 'desc', cursor: firstPage.next_cursor, ...(isOpeningPage(firstPageParam) && { limit: PAGE_SIZE - OPENING_PAGE_SIZE }) },
    // There is always a "next" page: the last forward page's `next_cursor`, or
    // else the end of what we hold (a refetch reads on from its first page this
    // way, the pages the socket appended included). Whether to read on *now* is `readsOnNow`.
    getNextPageParam: (lastPage, pages, lastPageParam): EventPageParam => ({
      order: 'asc',
      cursor: readsOnNow(lastPage, lastPageParam) ? lastPage.next_cursor! : newestCursorHeld(pages),
    }),
    // Stored events never change; newer ones arrive over the socket, and a
    // resync invalidates this query explicitly.
    staleTime: Infinity,
    // Each pushed frame writes new pages: comparing thousands of events with the
    // last data to keep unchanged parts is work a frame cannot afford, and the
    // unchanged pages are the same objects anyway.
    structuralSharing: false,
  });
}

/**
 * The session's stored history, page after page: the newest pages, what the
 * socket pushed since, and earlier pages as asked for.
 */
export function useSessionHistory(sessionId: string) {
  const query = useInfiniteQuery(sessionEventsQueryOptions(sessionId));
  const { data, isFetching, isError, fetchNextPage } = query;
  const pages = data?.pages;
  const lastPage = pages?.at(-1);
  // The hook's result types its page params loosely; they are the ones sessionEventsQueryOptions made.
  const lastPageParam = data?.pageParams.at(-1) as EventPageParam | undefined;
  const morePages = lastPage !== undefined && lastPageParam !== undefined && readsOnNow(lastPage, lastPageParam);

  // Read on once when this history was read before the live socket's last fresh start: what
  // was stored between that read and the start arrives by neither (refreshAllSessionData).
  const readOnDue = useHistoryReadOnDue(sessionId);

  // A forward read that left more to read (a refetch reads as many pages as were held) reads on until
  // the history reaches the present; until then the socket's events wait (pushed-events-cache.ts).
  useEffect(() => {
    if (isFetching || isError || pages === undefined) return;
    if (morePages) {
      void fetchNextPage();
    } else if (readOnDue) {
      recordHistoryReadOn(sessionId);
      void fetchNextPage();
    }
  }, [isFetching, isError, pages, morePages, readOnDue, sessionId, fetchNextPage]);

  // The rest of the newest PAGE_SIZE, once the opening page is drawn (effects run after the commit).
  const { fetchPreviousPage, hasPreviousPage } = query;
  const firstPageParam = data?.pageParams[0] as EventPageParam | undefined;
  const filling = firstPageParam !== undefined && isOpeningPage(firstPageParam) && hasPreviousPage;
  useEffect(() => {
    if (filling && !isFetching && !isError) void fetchPreviousPage();
  }, [filling, isFetching, isError, fetchPreviousPage]);

  // One step of earlier pages, one request after another; a step already under way is not doubled.
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

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { apiGet } from '../../../lib/api/api-client';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import { eventPageSchema, type EventPage } from '../../../protocol/api-schemas';
import { useFreshLiveStarts } from '../../../live/hooks/use-connection-status';
import { historyCursor } from '../utils/merge-timeline';
import { eventPageRead, openingPageParam, OPENING_PAGE_SIZE, PAGE_SIZE, type EventPageParam } from './session-reads';

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
 * Whether to read on now: the last page was read forward and the server has more
 * after it. A page read backwards (the opening one) continues backwards; what came
 * after it arrives live, and a gap the live ring let go of is read by the effect below.
 */
function readsOnNow(lastPage: EventPage, lastPageParam: EventPageParam): boolean {
  return lastPageParam.order === 'asc' && lastPage.next_cursor !== null;
}

/**
 * Memory stays bounded: a page opens with the newest PAGE_SIZE stored events
 * (the live ring holds the present; read as OPENING_PAGE_SIZE, then the rest),
 * and older ones are read only when the operator asks (`fetchPreviousPage`).
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
    // else the end of what we hold, so the history can read on later (see the
    // gap effect below). Whether to read on *now* is `readsOnNow`.
    getNextPageParam: (lastPage, pages, lastPageParam): EventPageParam => ({
      order: 'asc',
      cursor: readsOnNow(lastPage, lastPageParam) ? lastPage.next_cursor! : historyCursor(pages),
    }),
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
  const lastPage = pages?.at(-1);
  // The hook's result types its page params loosely; they are the ones sessionEventsQueryOptions made.
  const lastPageParam = data?.pageParams.at(-1) as EventPageParam | undefined;
  const morePages = lastPage !== undefined && lastPageParam !== undefined && readsOnNow(lastPage, lastPageParam);
  const heldCursor = pages ? historyCursor(pages) : 0;
  const askedPast = useRef<number | null>(null);
  // Read on once after each fresh start of the live socket: what was stored between
  // this history's read and the socket's start arrives by neither (refreshAllSessionData).
  const freshStarts = useFreshLiveStarts();
  const readOnAfterStart = useRef(0);

  useEffect(() => {
    if (isFetching || isError || pages === undefined) return;
    if (morePages) {
      void fetchNextPage();
    } else if (freshStarts > readOnAfterStart.current) {
      readOnAfterStart.current = freshStarts;
      void fetchNextPage();
    } else if (liveTrimmedCursor !== null && liveTrimmedCursor > heldCursor && askedPast.current !== liveTrimmedCursor) {
      // Asked once per gap, so an answer that does not close it cannot loop.
      askedPast.current = liveTrimmedCursor;
      void fetchNextPage();
    }
  }, [isFetching, isError, pages, morePages, freshStarts, liveTrimmedCursor, heldCursor, fetchNextPage]);

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

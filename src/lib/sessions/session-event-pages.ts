import type { InfiniteData } from '@tanstack/react-query';
import type { EventPage, StoredEventRecord } from '../../protocol/api-schemas';

// The shape of a session's cached stored events (the infinite query under
// `sessionKeys.events(id)`), shared by the session page that reads it over REST
// and the live socket that appends what it pushes: both must agree on what a
// page is, or a refetch would read the live part differently.

/** The API's maximum page: fewer round trips for long sessions; also how many pushed events one live page holds. */
export const EVENT_PAGE_SIZE = 1_000;

/**
 * Which way a page is read (`desc`: newest first, `asc`: oldest first) and from
 * where: a previous page's `next_cursor`, or without one the newest (`desc`) or
 * oldest (`asc`) end. The API's one paging convention.
 */
export interface EventPageParam {
  order: 'asc' | 'desc';
  cursor?: number;
  /** How many events; EVENT_PAGE_SIZE unless said. */
  limit?: number;
}

/** A session's stored events as cached: pages in cursor order, each ascending. */
export type SessionEventPages = InfiniteData<EventPage, EventPageParam>;

/** Highest cursor the pages hold (0 when none): where reading on starts, and what a pushed event must beat. */
export function newestCursorHeld(pages: readonly EventPage[]): number {
  for (let p = pages.length - 1; p >= 0; p--) {
    const last = pages[p]!.events.at(-1);
    if (last) return last.cursor;
  }
  return 0;
}

/**
 * Whether the history must read on now: the last page was read forward and the
 * server has more after it. Until it has, the cache does not reach the present,
 * and pushed events cannot be appended without leaving a hole.
 */
export function readsOnNow(lastPage: EventPage, lastPageParam: EventPageParam): boolean {
  return lastPageParam.order === 'asc' && lastPage.next_cursor !== null;
}

/** Whether the pages reach the present: pushed events may be appended to them. */
export function reachesPresent(data: SessionEventPages): boolean {
  const lastPage = data.pages.at(-1);
  const lastPageParam = data.pageParams.at(-1);
  return lastPage !== undefined && lastPageParam !== undefined && !readsOnNow(lastPage, lastPageParam);
}

/**
 * Pages a session's history keeps at most as the socket appends to it: a page left
 * open on a busy session would otherwise grow without end. The oldest go first;
 * "load earlier" reads them again.
 */
export const MAX_HISTORY_PAGES = 50;

/**
 * The newest MAX_HISTORY_PAGES of `pages` (in place). The new first page is made
 * the `desc` page a read would have returned for it, so reading earlier goes on
 * from its oldest event and a refetch reads it again.
 */
function keepNewestPages(pages: EventPage[], pageParams: EventPageParam[]): void {
  const drop = pages.length - MAX_HISTORY_PAGES;
  if (drop <= 0) return;
  pages.splice(0, drop);
  pageParams.splice(0, drop);
  const { events } = pages[0]!;
  const oldest = events[0];
  const newest = events.at(-1);
  if (!oldest || !newest) return;
  pages[0] = { events, next_cursor: oldest.cursor };
  pageParams[0] = { order: 'desc', cursor: newest.cursor + 1, limit: events.length };
}

/**
 * The pages with pushed stored events appended, as a forward read from the
 * newest cursor held would have returned them: into the last page while it is
 * a forward page with room, then new forward pages of EVENT_PAGE_SIZE (so a
 * refetch, which reads forward after the first page, reads the same pages).
 * An event at or below the newest cursor held is already there (the page read
 * it, or it was pushed before): `(session_id, seq)` maps to one cursor, so the
 * cursor alone dedupes. `records` ascend by cursor, as the socket delivers them.
 * Returns `data` itself when nothing is new. At most MAX_HISTORY_PAGES are kept.
 */
export function appendStoredEvents(data: SessionEventPages, records: readonly StoredEventRecord[]): SessionEventPages {
  let newest = newestCursorHeld(data.pages);
  const fresh: StoredEventRecord[] = [];
  for (const record of records) {
    if (record.cursor <= newest) continue;
    fresh.push(record);
    newest = record.cursor;
  }
  if (fresh.length === 0 || data.pages.length === 0) return data;

  const pages = data.pages.slice();
  const pageParams = data.pageParams.slice();
  let taken = 0;
  const lastPage = pages.at(-1)!;
  const lastParam = pageParams.at(-1)!;
  if (lastParam.order === 'asc' && lastPage.next_cursor === null && lastPage.events.length < EVENT_PAGE_SIZE) {
    taken = EVENT_PAGE_SIZE - lastPage.events.length;
    pages[pages.length - 1] = { events: lastPage.events.concat(fresh.slice(0, taken)), next_cursor: null };
  }
  while (taken < fresh.length) {
    const after = newestCursorHeld(pages);
    pages.push({ events: fresh.slice(taken, taken + EVENT_PAGE_SIZE), next_cursor: null });
    pageParams.push(after > 0 ? { order: 'asc', cursor: after } : { order: 'asc' });
    taken += EVENT_PAGE_SIZE;
  }
  keepNewestPages(pages, pageParams);
  return { pages, pageParams };
}

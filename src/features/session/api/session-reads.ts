import type { ApiRead } from '../../../lib/api/api-url';

// The session page's reads as plain requests, free of schemas and React, so the
// early entry (src/app/early-start.ts) can start the first ones before the app
// has loaded, and the page's queries (./get-session-events.ts, ./get-session.ts)
// ask for exactly the same URLs.

/** The API's maximum: fewer round trips for long sessions. */
export const PAGE_SIZE = 1_000;
/**
 * The page opens with this many of the newest events: few enough to validate and
 * draw at once (a screenful of log and transcript needs far fewer), then the rest of
 * the newest PAGE_SIZE follow in one read after it is drawn (see useSessionHistory).
 * Opening with all PAGE_SIZE put their parsing and the transcript's build in front of
 * the first frame.
 */
export const OPENING_PAGE_SIZE = 200;

/**
 * Which way a page is read (`desc`: newest first, `asc`: oldest first) and from
 * where: a previous page's `next_cursor`, or without one the newest (`desc`) or
 * oldest (`asc`) end. The API's one paging convention.
 */
export interface EventPageParam {
  order: 'asc' | 'desc';
  cursor?: number;
  /** How many events; PAGE_SIZE unless said. */
  limit?: number;
}

/** The page that opens the history: the newest events, read without a cursor. */
export const openingPageParam: EventPageParam = { order: 'desc', limit: OPENING_PAGE_SIZE };

/** `GET /api/v1/sessions/:id/events` for one page. */
export function eventPageRead(sessionId: string, page: EventPageParam): ApiRead {
  return { path: `/sessions/${encodeURIComponent(sessionId)}/events`, params: { order: page.order, cursor: page.cursor, limit: page.limit ?? PAGE_SIZE } };
}

/** `GET /api/v1/sessions/:id`. */
export function sessionRead(sessionId: string): ApiRead {
  return { path: `/sessions/${encodeURIComponent(sessionId)}` };
}

/** What the page reads first, the events before the summary (the larger answer, and the one it waits for). */
export function sessionPageFirstReads(sessionId: string): ApiRead[] {
  return [eventPageRead(sessionId, openingPageParam), sessionRead(sessionId)];
}

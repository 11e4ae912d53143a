import type { ApiRead } from '../../../lib/api/api-url';
import { EVENT_PAGE_SIZE, type EventPageParam } from '../../../lib/sessions/session-event-pages';

// The session page's reads as plain requests, free of schemas and React, so the
// early entry (src/app/early-start.ts) can start the first ones before the app
// has loaded, and the page's queries (./get-session-events.ts, ./get-session.ts)
// ask for exactly the same URLs.

/**
 * The page opens with this many of the newest events: few enough to validate and
 * draw at once (a screenful of log and transcript needs far fewer), then the rest of
 * the newest EVENT_PAGE_SIZE follow in one read after it is drawn (see useSessionHistory).
 * Opening with all EVENT_PAGE_SIZE put their parsing and the transcript's build in front of
 * the first frame.
 */
export const OPENING_PAGE_SIZE = 200;

/** The page that opens the history: the newest events, read without a cursor. */
export const openingPageParam: EventPageParam = { order: 'desc', limit: OPENING_PAGE_SIZE };

/** `GET /api/v1/sessions/:id/events` for one page. */
export function eventPageRead(sessionId: string, page: EventPageParam): ApiRead {
  return { path: `/sessions/${encodeURIComponent(sessionId)}/events`, params: { order: page.order, cursor: page.cursor, limit: page.limit ?? EVENT_PAGE_SIZE } };
}

/** `GET /api/v1/sessions/:id`. */
export function sessionRead(sessionId: string): ApiRead {
  return { path: `/sessions/${encodeURIComponent(sessionId)}` };
}

/** What the page reads first, the events before the summary (the larger answer, and the one it waits for). */
export function sessionPageFirstReads(sessionId: string): ApiRead[] {
  return [eventPageRead(sessionId, openingPageParam), sessionRead(sessionId)];
}

import type { EventPage, EventSearchPage } from '#protocol/api-schemas';

/** What every event read back (from the store or the live bus) has for sure: its envelope. */
interface EnvelopedEvent {
  readonly session_id: string;
  readonly seq: number;
  readonly type: string;
  readonly ts?: string | number;
  readonly [field: string]: unknown;
}

export interface UnreadableEventStandIn extends EnvelopedEvent {
  original_type: string;
  reason: string;
}

/**
 * The `type` of the stand-in sent for a stored event that cannot be serialised.
 * The protocol lets any snake_case type through as an unknown event, so browsers
 * show it as one (with its `reason` in the raw JSON) and need no new case.
 */
export const UNREADABLE_EVENT_TYPE = 'unreadable_event';

/** Why a stored event could not be turned into JSON, in words an operator can act on. */
function unreadableReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /call stack/i.test(message)) {
    return `the stored event is nested too deeply to serialise (${message}); it was accepted before ingest limited nesting depth`;
  }
  return `the stored event could not be serialised: ${message}`;
}

/**
 * In place of an event that cannot be serialised: its envelope (always plain
 * strings and numbers, so these never fail) and the reason, so the reader
 * keeps its cursor and order and sees that something is missing, and why.
 */
export function unreadableEventStandIn(event: EnvelopedEvent, err: unknown): UnreadableEventStandIn {
  return {
    session_id: event.session_id,
    seq: event.seq,
    ts: event.ts,
    type: UNREADABLE_EVENT_TYPE,
    original_type: String(event.type),
    reason: unreadableReason(err),
  };
}

/**
 * A stored event's JSON for a listing or a replay. One poisoned row (an event
 * nested ~12,000 deep, stored before the ingest depth limit existed, makes
 * `JSON.stringify` overflow the stack) must not fail the whole page or replay
 * for everyone else: it becomes a stand-in naming why.
 */
export function storedEventJson(event: EnvelopedEvent): string {
  try {
    return JSON.stringify(event);
  } catch (err) {
    return JSON.stringify(unreadableEventStandIn(event, err));
  }
}

/** `{"cursor":N,"event":...}`, the shape of a stored event in a page and in a live `events` message. */
export function storedRecordJson(cursor: number | null, event: EnvelopedEvent): string {
  return `{"cursor":${cursor === null ? 'null' : cursor},"event":${storedEventJson(event)}}`;
}

/**
 * A page of stored events (`GET /sessions/:id/events`) as JSON, each event
 * serialised on its own: one that cannot be becomes a stand-in, not a 500.
 */
export function eventPageJson(page: EventPage): string {
  const events = page.events.map((r) => storedRecordJson(r.cursor, r.event)).join(',');
  return `{"events":[${events}],"next_cursor":${page.next_cursor === null ? 'null' : page.next_cursor}}`;
}

/** A search answer (`GET /sessions/:id/events/search`) as JSON, its matches serialised as in a page. */
export function eventSearchPageJson(page: EventSearchPage): string {
  const matches = page.matches.map((r) => storedRecordJson(r.cursor, r.event)).join(',');
  const { searched_events, total_events, next_cursor } = page;
  return `{"matches":[${matches}],${JSON.stringify({ searched_events, total_events, next_cursor }).slice(1)}`;
}

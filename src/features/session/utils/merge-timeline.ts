import type { EventPage, StoredEventRecord } from '../../../protocol/api-schemas';

/** An event as both sources carry it: the envelope fields typed, the payload as sent. */
export type TimelineEvent = StoredEventRecord['event'];

/** The live side, structurally: what the live layer's ring holds (src/live/hooks/use-live-session.ts). */
export interface LiveTimelineEntry {
  cursor: number | null;
  event: TimelineEvent;
}

export interface TimelineRow {
  seq: number;
  /** The store cursor; null for an ephemeral event, which only ever existed live. */
  cursor: number | null;
  event: TimelineEvent;
}

const bySeq = (a: TimelineRow, b: TimelineRow) => a.seq - b.seq;

/**
 * One row object per live entry for as long as the entry lives: the ring keeps
 * its entries' identity across frames, so memoised rows on screen do not
 * re-render each time a new event arrives.
 */
const liveRows = new WeakMap<LiveTimelineEntry, TimelineRow>();

export function liveRow(entry: LiveTimelineEntry): TimelineRow {
  let row = liveRows.get(entry);
  if (!row) {
    row = { seq: entry.event.seq, cursor: entry.cursor, event: entry.event };
    liveRows.set(entry, row);
  }
  return row;
}

/**
 * The stored history as rows, ascending seq, one per seq. Pages come in cursor
 * order, which matches seq order unless a producer re-sent something late; only
 * then is a sort paid for.
 */
export function historyRows(pages: readonly EventPage[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const seen = new Set<number>();
  let sorted = true;
  for (const page of pages) {
    for (const { cursor, event } of page.events) {
      if (seen.has(event.seq)) continue;
      seen.add(event.seq);
      const last = rows.at(-1);
      if (last && last.seq > event.seq) sorted = false;
      rows.push({ seq: event.seq, cursor, event });
    }
  }
  return sorted ? rows : rows.sort(bySeq);
}

/** Highest cursor the history holds (0 when empty): where reading on starts. */
export function historyCursor(pages: readonly EventPage[]): number {
  for (let p = pages.length - 1; p >= 0; p--) {
    const last = pages[p]!.events.at(-1);
    if (last) return last.cursor;
  }
  return 0;
}

/**
 * Stored history merged with the live ring, ascending seq. `(session_id, seq)`
 * identifies an event, so an event present in both (a stored one that was also
 * pushed live, with the same cursor) appears once, from the history. Ephemeral
 * live events (no cursor) are kept: they are part of what happened. Linear:
 * both inputs are already in seq order.
 */
export function mergeTimeline(history: readonly TimelineRow[], live: readonly LiveTimelineEntry[]): TimelineRow[] {
  if (live.length === 0) return history as TimelineRow[];
  const lastStoredSeq = history.at(-1)?.seq ?? 0;
  if (live[0]!.event.seq > lastStoredSeq) {
    return [...history, ...live.map(liveRow)];
  }
  const merged: TimelineRow[] = [];
  let h = 0;
  let l = 0;
  while (h < history.length || l < live.length) {
    const stored = history[h];
    const pushed = live[l];
    if (pushed === undefined || (stored !== undefined && stored.seq <= pushed.event.seq)) {
      merged.push(stored!);
      if (pushed !== undefined && stored!.seq === pushed.event.seq) l++;
      h++;
    } else {
      merged.push(liveRow(pushed));
      l++;
    }
  }
  return merged;
}

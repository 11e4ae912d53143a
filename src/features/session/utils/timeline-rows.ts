import type { EventPage, StoredEventRecord } from '../../../protocol/api-schemas';
import { lowerBoundSeq } from './row-window';

// A session's timeline is two disjoint sets of events, each with one home:
// - stored events (with a cursor) in the TanStack Query cache of the session's
//   history, whether a page read them or the live socket pushed them
//   (src/lib/sessions/pushed-events-cache.ts): one copy each, nothing to reconcile;
// - ephemeral events (no cursor: text chunks, ticks, tool output) in the live
//   ring (src/live), because they are state of this browser, not server data:
//   no read can bring them back, so a refetch or invalidation of the history
//   must not wipe them, and they are gathered for every followed session, also
//   before its page (and its history query) exists.
// The rows interleave the two by seq; no event is in both.

/** An event as both homes carry it: the envelope fields typed, the payload as sent. */
export type TimelineEvent = StoredEventRecord['event'];

export interface TimelineRow {
  seq: number;
  /** The store cursor; null for an ephemeral event, which only ever existed live. */
  cursor: number | null;
  event: TimelineEvent;
}

/** What the live ring holds for each ephemeral event (src/live/live-types.ts), structurally. */
export interface EphemeralEntry {
  cursor: number | null;
  event: TimelineEvent;
}

/**
 * One row object per record or ring entry for as long as it lives: pages and
 * the ring keep their entries' identity across frames (a page the socket grows
 * is a new page of the same records), so memoised rows on screen do not
 * re-render each time a new event arrives.
 */
const rowsByEntry = new WeakMap<object, TimelineRow>();

function rowOf(entry: StoredEventRecord | EphemeralEntry): TimelineRow {
  let row = rowsByEntry.get(entry);
  if (!row) {
    row = { seq: entry.event.seq, cursor: entry.cursor, event: entry.event };
    rowsByEntry.set(entry, row);
  }
  return row;
}

interface PageRows {
  rows: TimelineRow[];
  /** Ascending seq, no seq twice. */
  ordered: boolean;
}

/** Per page, so a frame that appends a page rebuilds that page's rows only. */
const rowsByPage = new WeakMap<EventPage, PageRows>();

function rowsOfPage(page: EventPage): PageRows {
  let cached = rowsByPage.get(page);
  if (!cached) {
    const rows = page.events.map(rowOf);
    let ordered = true;
    for (let i = 1; i < rows.length && ordered; i++) ordered = rows[i - 1]!.seq < rows[i]!.seq;
    cached = { rows, ordered };
    rowsByPage.set(page, cached);
  }
  return cached;
}

const bySeq = (a: TimelineRow, b: TimelineRow) => a.seq - b.seq;

/**
 * The stored events as rows, ascending seq, one per seq. Pages come in cursor
 * order, which matches seq order unless a producer re-sent something late; only
 * then is a sort paid for. The returned array is shared: do not modify it.
 */
export function storedRows(pages: readonly EventPage[]): readonly TimelineRow[] {
  const parts: TimelineRow[][] = [];
  let ordered = true;
  let lastSeq = -Infinity;
  for (const page of pages) {
    const { rows, ordered: pageOrdered } = rowsOfPage(page);
    if (rows.length === 0) continue;
    if (!pageOrdered || rows[0]!.seq <= lastSeq) ordered = false;
    lastSeq = rows.at(-1)!.seq;
    parts.push(rows);
  }
  if (ordered) return parts.length === 1 ? parts[0]! : ([] as TimelineRow[]).concat(...parts);
  const seen = new Set<number>();
  const rows: TimelineRow[] = [];
  for (const part of parts) {
    for (const row of part) {
      if (seen.has(row.seq)) continue;
      seen.add(row.seq);
      rows.push(row);
    }
  }
  return rows.sort(bySeq);
}

/**
 * The session's rows: the stored rows with the ring's ephemeral events woven in
 * by seq. The ring holds only the newest ephemeral events, so the stored rows
 * before its first one are taken as they are; the rest is one linear pass.
 * Should a seq be in both (a producer that broke the protocol), the stored row wins.
 */
export function timelineRows(stored: readonly TimelineRow[], ephemeral: readonly EphemeralEntry[]): readonly TimelineRow[] {
  if (ephemeral.length === 0) return stored;
  let s = lowerBoundSeq(stored, ephemeral[0]!.event.seq);
  const rows = stored.slice(0, s);
  let e = 0;
  while (s < stored.length || e < ephemeral.length) {
    const storedRow = stored[s];
    const entry = ephemeral[e];
    if (entry === undefined || (storedRow !== undefined && storedRow.seq <= entry.event.seq)) {
      rows.push(storedRow!);
      if (entry !== undefined && storedRow!.seq === entry.event.seq) e++;
      s++;
    } else {
      rows.push(rowOf(entry));
      e++;
    }
  }
  return rows;
}

import { liveRow, mergeTimeline, type LiveTimelineEntry, type TimelineRow } from './merge-timeline';
import { lowerBoundSeq } from './row-window';

// The session page merges stored history with the live ring on every frame
// the ring changes. The ring moves by dropping its oldest entries and adding
// new ones at the end; history changes only when a page is read. So the merged
// rows of the last frame are reused: the part before the ring is the history's
// (copied, not walked), the part from the ring on is last frame's, minus what
// the ring dropped, plus what it added. A new event costs O(1) row work (plus
// array copies), not a pass over the session's history.
//
// A stored event the ring lets go of before the history has read it (the
// history reads on when the ring trims, a request later) is kept meanwhile:
// otherwise it would vanish from the transcript and the log for that moment,
// and every view built from the rows would rebuild twice.

/** Stored events kept for the history at most (it reads on; this bounds a history that cannot). */
const MAX_PENDING = 10_000;


function indexOfEntry(live: readonly LiveTimelineEntry[], entry: LiveTimelineEntry): number {
  let low = 0;
  let high = live.length;
  const seq = entry.event.seq;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (live[mid]!.event.seq < seq) low = mid + 1;
    else high = mid;
  }
  return live[low] === entry ? low : -1;
}

interface Merged {
  history: readonly TimelineRow[];
  live: readonly LiveTimelineEntry[];
  /** Stored rows the ring dropped that are newer than the history: ascending, all before the ring. */
  pending: TimelineRow[];
  /** Merged rows from the ring's first seq on. */
  tail: TimelineRow[];
  rows: TimelineRow[];
}

/**
 * How `live` follows `previous`: the number of entries it added at the end,
 * or null when it changed otherwise (an entry placed in the middle, a reset).
 */
function appendedCount(previous: readonly LiveTimelineEntry[], live: readonly LiveTimelineEntry[]): number | null {
  const last = previous.at(-1);
  const first = live[0];
  if (last === undefined || first === undefined) return null;
  const lastAt = indexOfEntry(live, last);
  const firstAt = indexOfEntry(previous, first);
  if (lastAt < 0 || firstAt < 0) return null;
  // What both hold must be the same run of entries: nothing inserted between.
  if (previous.length - firstAt !== lastAt + 1) return null;
  return live.length - lastAt - 1;
}

/**
 * A function that merges history and ring like mergeTimeline, plus the stored
 * events the ring let go of that the history does not hold yet, reusing its
 * last result when only the ring moved on.
 */
export function timelineMerger(): (history: readonly TimelineRow[], live: readonly LiveTimelineEntry[]) => TimelineRow[] {
  let last: Merged | null = null;
  const full = (history: readonly TimelineRow[], live: readonly LiveTimelineEntry[], pendingBefore: readonly TimelineRow[]): TimelineRow[] => {
    const historyEnd = history.at(-1)?.seq ?? 0;
    const ringStart = live[0]?.event.seq ?? Infinity;
    // What the history lacks and the ring no longer holds.
    const pending = pendingBefore.filter((row) => row.seq > historyEnd && row.seq < ringStart).slice(-MAX_PENDING);
    const rows = mergeTimeline(pending.length > 0 ? history.concat(pending) : history, live);
    const tail = live.length === 0 ? [] : rows.slice(lowerBoundSeq(rows, live[0]!.event.seq));
    last = { history, live, pending, tail, rows };
    return rows;
  };
  return (history, live) => {
    if (last === null) return full(history, live, []);
    if (last.history !== history) return full(history, live, last.pending.concat(last.tail.filter((row) => row.cursor !== null)));
    if (last.live === live) return last.rows;
    const added = appendedCount(last.live, live);
    if (added === null) return full(history, live, last.pending.concat(last.tail.filter((row) => row.cursor !== null)));
    const newEntries = live.slice(live.length - added);
    const tailEnd = last.tail.at(-1)?.seq ?? -Infinity;
    if (newEntries.length > 0 && newEntries[0]!.event.seq <= tailEnd) return full(history, live, last.pending.concat(last.tail.filter((row) => row.cursor !== null)));
    const firstSeq = live[0]!.event.seq;
    const cut = lowerBoundSeq(last.tail, firstSeq);
    const historyEnd = history.at(-1)?.seq ?? 0;
    let pending = last.pending;
    const dropped = last.tail.slice(0, cut).filter((row) => row.cursor !== null && row.seq > historyEnd);
    if (dropped.length > 0) pending = pending.concat(dropped).slice(-MAX_PENDING);
    const tail = last.tail.slice(cut);
    // New entries are newer than anything held, the history included: appended as they are.
    for (const entry of newEntries) tail.push(liveRow(entry));
    const before = history.slice(0, lowerBoundSeq(history, firstSeq));
    const rows = pending.length > 0 ? before.concat(pending, tail) : before.concat(tail);
    last = { history, live, pending, tail, rows };
    return rows;
  };
}

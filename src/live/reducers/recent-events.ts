import type { LiveEventEntry } from '../live-types';

/** Index of the first entry whose seq is >= `seq` (entries ascend by seq). */
function lowerBound(entries: readonly LiveEventEntry[], seq: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid]!.event.seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Inserts `entry` into `entries` (ascending seq) in place. Returns false when an
 * event with that seq is already there: `(session_id, seq)` identifies an event,
 * so a snapshot or a replay repeating it is recognised. Appending is the common
 * case and costs O(1); a late event is placed by binary search.
 */
export function insertBySeq(entries: LiveEventEntry[], entry: LiveEventEntry): boolean {
  const seq = entry.event.seq;
  const last = entries.at(-1);
  if (!last || last.event.seq < seq) {
    entries.push(entry);
    return true;
  }
  const index = lowerBound(entries, seq);
  if (entries[index]?.event.seq === seq) return false;
  entries.splice(index, 0, entry);
  return true;
}

/** Keeps the newest `capacity` entries. */
export function trimToCapacity(entries: LiveEventEntry[], capacity: number): LiveEventEntry[] {
  return entries.length <= capacity ? entries : entries.slice(entries.length - capacity);
}

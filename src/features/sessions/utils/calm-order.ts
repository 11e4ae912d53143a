// A calm table: while the operator reads (pointer over the table, focus in it,
// or an explicit pause), the rows keep the order they had; their contents still
// update. What the latest order would change is counted as "updates waiting"
// and applied when the hold ends or the operator asks. Pure.

export interface HeldOrder {
  /** The ids in the order shown when the hold began (or was last refreshed). */
  ids: readonly string[];
}

export interface CalmOrder {
  /** The ids to show, in order. */
  ids: string[];
  /** Sessions the latest order would add, drop or move: what "N updates waiting" counts. */
  waiting: number;
}

/** Length of the longest increasing run (not necessarily contiguous): the rows that can stay where they are. */
function longestIncreasing(values: readonly number[]): number {
  const tails: number[] = [];
  for (const value of values) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = value;
  }
  return tails.length;
}

/**
 * The order to show. Not held: the latest. Held: the held ids, then the latest
 * rows past the held count that are not held (scrolling on loads the next page,
 * which must not wait for the hold to end). `waiting` counts the sessions the
 * latest order adds within the held span, drops, or moves relative to the others
 * (the fewest moves that turn one order into the other).
 */
export function calmOrder(held: HeldOrder | null, latest: readonly string[]): CalmOrder {
  if (held === null) return { ids: [...latest], waiting: 0 };
  const heldIndex = new Map(held.ids.map((id, index) => [id, index]));
  const latestIds = new Set(latest);
  const ids = [...held.ids];
  let added = 0;
  const positions: number[] = [];
  latest.forEach((id, index) => {
    const at = heldIndex.get(id);
    if (at !== undefined) positions.push(at);
    else if (index >= held.ids.length) ids.push(id);
    else added += 1;
  });
  const dropped = held.ids.filter((id) => !latestIds.has(id)).length;
  const moved = positions.length - longestIncreasing(positions);
  return { ids, waiting: added + dropped + moved };
}

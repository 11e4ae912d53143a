import { useMemo, useState } from 'react';
import type { TimelineRow } from '../utils/timeline-rows';

function sameRows(a: readonly TimelineRow[], b: readonly TimelineRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

/** Returns its argument, or the array it returned last when that holds the same rows. */
function stableRows(): (next: readonly TimelineRow[]) => readonly TimelineRow[] {
  let last: readonly TimelineRow[] = [];
  return (next) => {
    if (!sameRows(last, next)) last = next;
    return last;
  };
}

/**
 * The rows whose type is in `types`, as the same array for as long as they are
 * the same rows. During a text storm the timeline changes every frame, but only
 * by text chunks: views fed by this (transcript, panels) then do not re-render.
 * No state update during render (that rendered the page twice a frame).
 */
export function useRowsOfTypes(rows: readonly TimelineRow[], types: ReadonlySet<string>): readonly TimelineRow[] {
  const [stable] = useState(stableRows);
  return useMemo(() => stable(rows.filter((row) => types.has(row.event.type))), [stable, rows, types]);
}

import { useState } from 'react';
import type { TimelineRow } from '../utils/merge-timeline';

function sameRows(a: readonly TimelineRow[], b: readonly TimelineRow[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}

/**
 * The rows whose type is in `types`, as the same array for as long as they are
 * the same rows. During a text storm the timeline changes every frame, but only
 * by text chunks: views fed by this (transcript, panels) then do not re-render.
 */
export function useRowsOfTypes(rows: readonly TimelineRow[], types: ReadonlySet<string>): readonly TimelineRow[] {
  const next = rows.filter((row) => types.has(row.event.type));
  const [stable, setStable] = useState(next);
  if (sameRows(stable, next)) return stable;
  // Remembering what was shown, during render (React's documented pattern for previous values).
  setStable(next);
  return next;
}

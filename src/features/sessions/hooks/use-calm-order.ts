import { useCallback, useMemo, useState } from 'react';
import type { SessionSummary } from '../../../protocol/api-schemas';
import { calmOrder } from '../utils/calm-order';

interface Held {
  /** The view (filters, sort) the order was held in: another view starts afresh. */
  key: string;
  ids: string[];
  /** The rows as they were, for one the latest list no longer has (it still shows, with what was last known). */
  byId: Map<string, SessionSummary>;
}

function snapshot(key: string, rows: readonly SessionSummary[]): Held {
  return { key, ids: rows.map((s) => s.session_id), byId: new Map(rows.map((s) => [s.session_id, s])) };
}

/**
 * The table's order, held still while `holding` (see utils/calm-order.ts): the
 * ids to show, each one's freshest summary, how many updates wait, and `apply`
 * to take the latest order now without ending the hold.
 */
export function useCalmOrder(latest: readonly SessionSummary[], holding: boolean, viewKey: string) {
  const [held, setHeld] = useState<Held | null>(null);
  // The hold begins (or the view changed) on this render: adjusting state while rendering, as React recommends over an effect.
  let current = held;
  if (holding && (held === null || held.key !== viewKey)) {
    current = snapshot(viewKey, latest);
    setHeld(current);
  } else if (!holding && held !== null) {
    current = null;
    setHeld(null);
  }
  const latestById = useMemo(() => new Map(latest.map((s) => [s.session_id, s])), [latest]);
  const latestIds = useMemo(() => latest.map((s) => s.session_id), [latest]);
  const calm = useMemo(() => calmOrder(current, latestIds), [current, latestIds]);
  const summaryOf = useCallback((id: string) => latestById.get(id) ?? current?.byId.get(id), [latestById, current]);
  const apply = useCallback(() => setHeld((was) => (was ? snapshot(was.key, latest) : was)), [latest]);
  return { ids: calm.ids, waiting: calm.waiting, summaryOf, apply };
}

import { sameFacts, statusFactsOf } from '../../protocol/live-present/present-status';
import type { LiveStatusFacts } from '../../protocol/session-status';
import type { SessionLive } from '../live-types';

/**
 * The status facts of every session after a frame: recomputed only for the
 * sessions whose present the frame replaced, each kept by identity while equal,
 * and the map itself kept when no session's facts changed. Derived here, in the
 * store update, so selectors only read (no caches written while rendering).
 */
export function updateStatusFacts(
  previous: ReadonlyMap<string, LiveStatusFacts>,
  before: ReadonlyMap<string, SessionLive>,
  after: ReadonlyMap<string, SessionLive>,
  touched: Iterable<string>,
): ReadonlyMap<string, LiveStatusFacts> {
  let next: Map<string, LiveStatusFacts> | null = null;
  for (const sessionId of touched) {
    const session = after.get(sessionId);
    if (!session || session.present === before.get(sessionId)?.present) continue;
    const old = previous.get(sessionId);
    const facts = sameFacts(old, statusFactsOf(session.present));
    if (facts === old) continue;
    next ??= new Map(previous);
    next.set(sessionId, facts);
  }
  return next ?? previous;
}

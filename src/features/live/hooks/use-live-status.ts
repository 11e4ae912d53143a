import { useRef } from 'react';
import type { LiveStatusFacts } from '../../../lib/session-status';
import type { SessionLive } from '../live-types';
import { useLiveStore } from '../store/live-store';
import { sameFacts, statusFactsOf } from '../utils/status-facts';

/** Facts computed once per SessionLive object, shared by every reader. */
const factsBySession = new WeakMap<SessionLive, LiveStatusFacts>();

function factsOf(session: SessionLive, previous: LiveStatusFacts | undefined): LiveStatusFacts {
  let facts = factsBySession.get(session);
  if (!facts) {
    facts = statusFactsOf(session);
    factsBySession.set(session, facts);
  }
  return sameFacts(previous, facts);
}

/** One session's status facts; a text chunk that changes nothing status reads does not re-render. */
export function useLiveStatusFacts(sessionId: string): LiveStatusFacts | null {
  const previous = useRef<LiveStatusFacts | undefined>(undefined);
  return useLiveStore((state) => {
    const session = state.sessions.byId.get(sessionId);
    if (!session) return null;
    const facts = factsOf(session, previous.current);
    previous.current = facts;
    return facts;
  });
}

/**
 * Every session's status facts by id, for the overview (which sorts and
 * filters by status). The map keeps its identity until some session's facts change.
 */
export function useAllLiveStatusFacts(): ReadonlyMap<string, LiveStatusFacts> {
  const previous = useRef<ReadonlyMap<string, LiveStatusFacts>>(new Map());
  return useLiveStore((state) => {
    const before = previous.current;
    let changed = before.size !== state.sessions.byId.size;
    const next = new Map<string, LiveStatusFacts>();
    for (const [id, session] of state.sessions.byId) {
      const facts = factsOf(session, before.get(id));
      next.set(id, facts);
      if (facts !== before.get(id)) changed = true;
    }
    if (!changed) return before;
    previous.current = next;
    return next;
  });
}

import type { LiveStatusFacts } from '../../lib/sessions/session-status';
import { useLiveStore } from '../store/live-store';

// Status facts are derived once per frame in the store update
// (reducers/status-facts-index.ts), kept by identity while equal: these
// selectors only read, and a text chunk that changes nothing status reads
// re-renders nobody.

/** One session's status facts (null: not seen live). */
export function useLiveStatusFacts(sessionId: string): LiveStatusFacts | null {
  return useLiveStore((state) => state.sessions.statusFacts.get(sessionId) ?? null);
}

/** Every session's status facts by id, for the overview (which sorts and filters by status); the map keeps its identity until one changes. */
export function useAllLiveStatusFacts(): ReadonlyMap<string, LiveStatusFacts> {
  return useLiveStore((state) => state.sessions.statusFacts);
}

import { useShallow } from 'zustand/react/shallow';
import type { LiveEventEntry } from '../live-types';
import { useLiveStore } from '../store/live-store';

/** Stable empties, so a session not seen live yet does not re-render its readers on every frame. */
const NO_EVENTS: LiveEventEntry[] = [];

export interface LiveTimeline {
  events: readonly LiveEventEntry[];
  trimmedCursor: number | null;
}

/** A session's recent live events, for its timeline. Re-renders only when that session's ring changes. */
export function useLiveTimeline(sessionId: string): LiveTimeline {
  return useLiveStore(
    useShallow((state) => {
      const session = state.sessions.byId.get(sessionId);
      return { events: session?.recent ?? NO_EVENTS, trimmedCursor: session?.trimmedCursor ?? null };
    }),
  );
}

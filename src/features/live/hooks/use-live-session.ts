import { useShallow } from 'zustand/react/shallow';
import type { LiveEventEntry, SessionLive } from '../live-types';
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

export type LiveActivity = Pick<SessionLive, 'thinking' | 'tools' | 'rlm' | 'compaction' | 'retry' | 'paused'> & {
  /** Text of a step is streaming (the text itself is left out: it changes on every delta). */
  streaming: boolean;
};

/** What the session is doing now. Picks fields, so a new history event or text delta alone does not re-render. */
export function useLiveActivity(sessionId: string): LiveActivity | null {
  return useLiveStore(
    useShallow((state) => {
      const session = state.sessions.byId.get(sessionId);
      if (!session) return null;
      const { thinking, step, tools, rlm, compaction, retry, paused } = session;
      return { thinking, streaming: step !== null && !step.complete, tools, rlm, compaction, retry, paused };
    }),
  );
}

import type { LiveEventEntry } from '../live-types';
import { useLiveStore } from '../store/live-store';

/** Stable empty, so a session not seen live yet does not re-render its readers on every frame. */
const NO_EVENTS: LiveEventEntry[] = [];

/**
 * A session's recent ephemeral events (text chunks, ticks, tool output), for its
 * timeline; its stored events are in its history query. Re-renders only when that
 * session's ring changes.
 */
export function useEphemeralEvents(sessionId: string): readonly LiveEventEntry[] {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.recentEphemeral ?? NO_EVENTS);
}

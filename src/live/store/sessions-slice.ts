import type { LiveSessionsState } from '../live-types';

/** Per-session present state (`byId`), first-seen order (`ids`) and status facts. */
export interface SessionsLiveSlice {
  sessions: LiveSessionsState;
}

export const initialSessionsLiveSlice: SessionsLiveSlice = {
  sessions: { byId: new Map(), ids: [], statusFacts: new Map() },
};

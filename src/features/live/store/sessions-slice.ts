import type { LiveSessionsState } from '../live-types';

/** Per-session present state (`byId`) and first-seen order (`ids`). */
export interface SessionsLiveSlice {
  sessions: LiveSessionsState;
}

export const initialSessionsLiveSlice: SessionsLiveSlice = {
  sessions: { byId: new Map(), ids: [] },
};

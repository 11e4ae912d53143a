import { emptyPresent } from '../../protocol/live-present/present-state';
import type { SessionLive } from '../live-types';

/** A session seen for the first time: nothing known to be going on, nothing in its ring. */
export function emptySessionLive(sessionId: string): SessionLive {
  return { sessionId, present: emptyPresent(), recentEphemeral: [] };
}

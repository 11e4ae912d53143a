import type { SessionLive } from '../live-types';

const noTools: SessionLive['tools'] = { byId: {}, ids: [] };

/** A session seen for the first time: nothing known to be going on. */
export function emptySessionLive(sessionId: string): SessionLive {
  return {
    sessionId,
    lastSeq: 0,
    recent: [],
    trimmedCursor: null,
    step: null,
    thinking: false,
    estimate: null,
    tools: noTools,
    rlm: null,
    compaction: null,
    retry: null,
    paused: false,
  };
}

/** Forgets what the session is doing now, keeping its history: a snapshot is about to say it again. */
export function clearPresentState(session: SessionLive): SessionLive {
  return {
    ...emptySessionLive(session.sessionId),
    lastSeq: session.lastSeq,
    recent: session.recent,
    trimmedCursor: session.trimmedCursor,
  };
}

/** The session has stopped (done or error): nothing is running or streaming any more. */
export function endActivity(session: SessionLive): SessionLive {
  return {
    ...session,
    thinking: false,
    step: session.step && { ...session.step, complete: true },
    tools: noTools,
    rlm: null,
    compaction: null,
    retry: null,
  };
}

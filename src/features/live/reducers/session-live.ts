import type { RunningTool, SessionLive } from '../live-types';

export const noTools: SessionLive['tools'] = { byId: new Map(), ids: [] };

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
    approval: null,
    ended: null,
    lastEventMs: 0,
  };
}

/**
 * Forgets the facts only ephemeral events establish, because a snapshot is
 * about to restate them (and ticks missed while disconnected may have changed
 * them). What stored events established stays: they were replayed in order, and
 * the snapshot does not repeat them (running tools, a compaction under way, a
 * finished step). Tool output tails are emptied since the snapshot resends them.
 */
export function clearEphemeralState(session: SessionLive): SessionLive {
  const byId = new Map<string, RunningTool>();
  for (const [key, tool] of session.tools.byId) byId.set(key, { ...tool, output: [] });
  return {
    ...session,
    thinking: false,
    step: session.step?.complete ? session.step : null,
    estimate: null,
    tools: { byId, ids: session.tools.ids },
    rlm: null,
    retry: null,
    paused: false,
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
    approval: null,
  };
}

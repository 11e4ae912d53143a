import type { LiveConfig } from '../live-config';
import type { LiveEventEntry, LiveOp, LiveSessionsState, SessionLive } from '../live-types';
import { applySessionEvents } from './apply-session-events';
import { clearEphemeralState, emptySessionLive } from './session-live';

function groupBySession(entries: readonly LiveEventEntry[]): Map<string, LiveEventEntry[]> {
  const groups = new Map<string, LiveEventEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.event.session_id);
    if (group) group.push(entry);
    else groups.set(entry.event.session_id, [entry]);
  }
  return groups;
}

/**
 * Applies one frame's worth of socket output to every session, in arrival
 * order. A snapshot restates the ephemeral present of every followed session:
 * the ephemeral facts of all sessions are cleared, then its events applied
 * (sessions it does not name have no ephemeral state on the server).
 * Pure: returns a new state, or the same one when nothing changed.
 */
export function applyLiveOps(state: LiveSessionsState, ops: readonly LiveOp[], config: LiveConfig): LiveSessionsState {
  if (ops.length === 0) return state;
  const byId = new Map(state.byId);
  const ids = state.ids.slice();

  const sessionFor = (sessionId: string): SessionLive => {
    const existing = byId.get(sessionId);
    if (existing) return existing;
    ids.push(sessionId);
    return emptySessionLive(sessionId);
  };

  for (const op of ops) {
    const groups = groupBySession(op.entries);
    if (op.kind === 'snapshot') {
      for (const [sessionId, session] of byId) byId.set(sessionId, clearEphemeralState(session));
    }
    for (const [sessionId, entries] of groups) {
      const rebuild = op.kind === 'snapshot';
      // The server lists a snapshot by kind of fact; replayed oldest first, a later fact wins as it did live.
      const ordered = rebuild ? entries.sort((a, b) => a.event.seq - b.event.seq) : entries;
      byId.set(sessionId, applySessionEvents(sessionFor(sessionId), ordered, config, rebuild));
    }
  }
  return { byId, ids };
}

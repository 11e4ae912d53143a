import { forgetRestated } from '../../protocol/live-present/present-snapshot';
import type { LiveConfig } from '../live-config';
import type { LiveEventEntry, LiveOp, LiveSessionsState, SessionLive } from '../live-types';
import { applySessionEvents } from './apply-session-events';
import { emptySessionLive } from './session-live';
import { updateStatusFacts } from './status-facts-index';

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
 * order. A snapshot restates the present of every followed session: what it
 * restates is forgotten in all sessions (src/protocol/live-present/present-snapshot.ts),
 * then its events applied (sessions it does not name have no such state on the server).
 * Pure: returns a new state, or the same one when nothing changed.
 */
export function applyLiveOps(state: LiveSessionsState, ops: readonly LiveOp[], config: LiveConfig): LiveSessionsState {
  if (ops.length === 0) return state;
  const byId = new Map(state.byId);
  const ids = state.ids.slice();
  const touched = new Set<string>();

  const sessionFor = (sessionId: string): SessionLive => {
    const existing = byId.get(sessionId);
    if (existing) return existing;
    ids.push(sessionId);
    return emptySessionLive(sessionId);
  };

  for (const op of ops) {
    const groups = groupBySession(op.entries);
    const rebuild = op.kind === 'snapshot';
    if (rebuild) {
      for (const [sessionId, session] of byId) {
        byId.set(sessionId, { ...session, present: forgetRestated(session.present) });
        touched.add(sessionId);
      }
    }
    for (const [sessionId, entries] of groups) {
      // The server lists a snapshot in seq order already; sorted anyway, since a later fact must win as it did live.
      const ordered = rebuild ? entries.sort((a, b) => a.event.seq - b.event.seq) : entries;
      byId.set(sessionId, applySessionEvents(sessionFor(sessionId), ordered, config, rebuild));
      touched.add(sessionId);
    }
  }
  return { byId, ids, statusFacts: updateStatusFacts(state.statusFacts, state.byId, byId, touched) };
}

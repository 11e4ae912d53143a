import type { LiveConfig } from '../live-config';
import type { LiveEventEntry, LiveOp, LiveSessionsState, SessionLive } from '../live-types';
import { applySessionEvents } from './apply-session-events';
import { clearPresentState, emptySessionLive } from './session-live';

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
 * order. A snapshot replaces the present state of all sessions: those it names
 * are rebuilt from its events (with `lastSeq` reset so they apply, and then
 * guard against older replays); the others are known to be idle.
 * Pure: returns a new state, or the same one when nothing changed.
 */
export function applyLiveOps(state: LiveSessionsState, ops: readonly LiveOp[], config: LiveConfig): LiveSessionsState {
  if (ops.length === 0) return state;
  const byId: Record<string, SessionLive> = { ...state.byId };
  const ids = state.ids.slice();

  const sessionFor = (sessionId: string): SessionLive => {
    const existing = byId[sessionId];
    if (existing) return existing;
    ids.push(sessionId);
    return emptySessionLive(sessionId);
  };

  for (const op of ops) {
    const groups = groupBySession(op.entries);
    if (op.kind === 'snapshot') {
      for (const sessionId of ids) {
        const cleared = clearPresentState(byId[sessionId]!);
        byId[sessionId] = groups.has(sessionId) ? { ...cleared, lastSeq: 0 } : cleared;
      }
    }
    for (const [sessionId, entries] of groups) {
      const rebuild = op.kind === 'snapshot';
      // A snapshot states the present; replay it oldest first so every part of it lands.
      const ordered = rebuild ? entries.sort((a, b) => a.event.seq - b.event.seq) : entries;
      byId[sessionId] = applySessionEvents(sessionFor(sessionId), ordered, config, rebuild);
    }
  }
  return { byId, ids };
}

import { defaultLiveConfig, type LiveConfig } from '../live-config';
import type { ConnectionStatus, LiveOp } from '../live-types';
import { applyLiveOps } from '../reducers/apply-live-ops';
import { initialConnectionSlice } from './connection-slice';
import { initialSessionsLiveSlice } from './sessions-slice';
import { useLiveStore } from './live-store';

let config: LiveConfig = defaultLiveConfig;

/** Changes the live tunables (ring size, output tail) for what arrives from now on. */
export function configureLive(overrides: Partial<LiveConfig>): void {
  config = { ...config, ...overrides };
}

/** One frame's worth of socket output, applied in a single store update. */
export function applyLiveFrame(ops: readonly LiveOp[]): void {
  if (ops.length === 0) return;
  useLiveStore.setState((state) => {
    const sessions = applyLiveOps(state.sessions, ops, config);
    return sessions === state.sessions ? state : { sessions };
  });
}

export function setConnectionStatus(status: ConnectionStatus, nowMs = Date.now()): void {
  useLiveStore.setState((state) => ({
    connection: { ...state.connection, status, frozenSinceMs: frozenSince(state.connection.frozenSinceMs, status, nowMs) },
  }));
}

/**
 * The socket streams live from the server's head and has caught up; `sessionsWithHistory`
 * had their stored history read or being read until then (see ConnectionSlice.historiesToReadOn).
 */
export function recordFreshStart(sessionsWithHistory: Iterable<string>): void {
  useLiveStore.setState((state) => ({
    connection: { ...state.connection, historiesToReadOn: new Set([...state.connection.historiesToReadOn, ...sessionsWithHistory]) },
  }));
}

/** The session's history has read on since the last fresh start. */
export function recordHistoryReadOn(sessionId: string): void {
  useLiveStore.setState((state) => {
    if (!state.connection.historiesToReadOn.has(sessionId)) return state;
    const historiesToReadOn = new Set(state.connection.historiesToReadOn);
    historiesToReadOn.delete(sessionId);
    return { connection: { ...state.connection, historiesToReadOn } };
  });
}

/**
 * Frozen from the moment the connection is lost (or the browser goes offline)
 * until it is live and caught up again; the first connect is not a loss, so a
 * page that just opened does not flash "as of".
 */
export function frozenSince(previous: number | null, status: ConnectionStatus, nowMs: number): number | null {
  if (status.kind === 'live' && !status.replaying) return null;
  if (previous !== null) return previous;
  return status.kind === 'reconnecting' || status.kind === 'offline' ? nowMs : null;
}

export function recordDroppedEvents(count: number): void {
  useLiveStore.setState((state) => ({ connection: { ...state.connection, droppedEvents: state.connection.droppedEvents + count } }));
}

export function recordInvalidEvent(): void {
  useLiveStore.setState((state) => ({ connection: { ...state.connection, invalidEvents: state.connection.invalidEvents + 1 } }));
}

export function recordServerError(message: string): void {
  useLiveStore.setState((state) => ({ connection: { ...state.connection, serverError: message } }));
}

/** Back to the state at page load (tests, and a future "disconnect" control). */
export function resetLiveStore(): void {
  config = defaultLiveConfig;
  useLiveStore.setState({ ...initialConnectionSlice, ...initialSessionsLiveSlice });
}

import type { RlmProgressState, SessionLive, StepText, StreamRetryState } from '../live-types';
import { useLiveStore } from '../store/live-store';

// One narrow selector per fact the session page shows: each returns a value
// the reducers replace only when that fact changes, so a text chunk re-renders
// the streaming text and nothing else.

const NO_TOOLS: SessionLive['tools'] = { byId: {}, ids: [] };

export function useLiveStep(sessionId: string): StepText | null {
  return useLiveStore((state) => state.sessions.byId[sessionId]?.step ?? null);
}

export function useLiveThinking(sessionId: string): boolean {
  return useLiveStore((state) => state.sessions.byId[sessionId]?.thinking ?? false);
}

export function useLiveTools(sessionId: string): SessionLive['tools'] {
  return useLiveStore((state) => state.sessions.byId[sessionId]?.tools ?? NO_TOOLS);
}

export function useLiveRetry(sessionId: string): StreamRetryState | null {
  return useLiveStore((state) => state.sessions.byId[sessionId]?.retry ?? null);
}

export function useLiveRlm(sessionId: string): RlmProgressState | null {
  return useLiveStore((state) => state.sessions.byId[sessionId]?.rlm ?? null);
}

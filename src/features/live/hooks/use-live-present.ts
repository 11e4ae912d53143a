import type { RlmProgressState, RunningTool, SessionLive, StepText, StreamRetryState } from '../live-types';
import { noTools } from '../reducers/session-live';
import { useLiveStore } from '../store/live-store';

// One narrow selector per fact the session page shows: each returns a value
// the reducers replace only when that fact changes, so a text chunk re-renders
// the streaming text and nothing else.


export function useLiveStep(sessionId: string): StepText | null {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.step ?? null);
}

export function useLiveThinking(sessionId: string): boolean {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.thinking ?? false);
}

export function useLiveTools(sessionId: string): SessionLive['tools'] {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.tools ?? noTools);
}

/** One running call by key: its card re-renders when that call changes, not when any other starts or ends. */
export function useLiveTool(sessionId: string, toolKey: string | null): RunningTool | null {
  return useLiveStore((state) => (toolKey === null ? null : (state.sessions.byId.get(sessionId)?.tools.byId.get(toolKey) ?? null)));
}

export function useLiveRetry(sessionId: string): StreamRetryState | null {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.retry ?? null);
}

export function useLiveRlm(sessionId: string): RlmProgressState | null {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.rlm ?? null);
}

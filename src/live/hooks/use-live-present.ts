import { noTools, type RlmProgressState, type RunningTool, type RunningTools, type StepText, type StreamRetryState } from '../../protocol/live-present/present-state';
import { useLiveStore } from '../store/live-store';

// One narrow selector per fact the session page shows: each returns a value
// the shared fold (src/protocol/live-present/) replaces only when that fact
// changes, so a text chunk re-renders the streaming text and nothing else.

export function useLiveStep(sessionId: string): StepText | null {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.present.step ?? null);
}

export function useLiveThinking(sessionId: string): boolean {
  return useLiveStore((state) => (state.sessions.byId.get(sessionId)?.present.thinking ?? null) !== null);
}

export function useLiveTools(sessionId: string): RunningTools {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.present.tools ?? noTools);
}

/** One running call by key: its card re-renders when that call changes, not when any other starts or ends. */
export function useLiveTool(sessionId: string, toolKey: string | null): RunningTool | null {
  return useLiveStore((state) => (toolKey === null ? null : (state.sessions.byId.get(sessionId)?.present.tools.byId.get(toolKey) ?? null)));
}

export function useLiveRetry(sessionId: string): StreamRetryState | null {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.present.retry ?? null);
}

export function useLiveRlm(sessionId: string): RlmProgressState | null {
  return useLiveStore((state) => state.sessions.byId.get(sessionId)?.present.rlm ?? null);
}

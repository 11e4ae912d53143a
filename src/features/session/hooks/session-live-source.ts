import { createContext, useContext } from 'react';
import type { LiveStatusFacts } from '../../../lib/session-status';
import type { LiveTimelineEntry } from '../utils/merge-timeline';

// The session page reads live state through these hooks, which the app
// provides from the live feature (features do not import each other). Each is
// a narrow store selector, so the component that shows a fact is the one that
// re-renders when it changes. Shapes are structural: what the page needs.

export interface LiveToolView {
  key: string;
  name: string;
  startedMs: number | null;
  elapsedSecs: number;
  heartbeatMs: number | null;
  output: ReadonlyArray<{ stream: 'stdout' | 'stderr'; text: string }>;
}

export interface SessionLiveSource {
  useTimeline(sessionId: string): { events: readonly LiveTimelineEntry[]; trimmedCursor: number | null };
  useStep(sessionId: string): { text: string; complete: boolean } | null;
  useThinking(sessionId: string): boolean;
  useTools(sessionId: string): { byId: ReadonlyMap<string, LiveToolView>; ids: readonly string[] };
  /** One running call (null: not running, or `toolKey` null): a card re-renders for its own call only. */
  useTool(sessionId: string, toolKey: string | null): LiveToolView | null;
  useRetry(sessionId: string): { attempt: number; maxRestarts: number; reason: string } | null;
  useRlm(sessionId: string): { traceId: string; iteration: number; maxIterations: number; status: string } | null;
  useStatusFacts(sessionId: string): LiveStatusFacts | null;
  /** Since when live figures stopped updating (connection lost); null while they are current. */
  useFrozenSinceMs(): number | null;
}

const noTools = { byId: new Map<string, LiveToolView>(), ids: [] };

const none: SessionLiveSource = {
  useTimeline: () => ({ events: [], trimmedCursor: null }),
  useStep: () => null,
  useThinking: () => false,
  useTools: () => noTools,
  useTool: () => null,
  useRetry: () => null,
  useRlm: () => null,
  useStatusFacts: () => null,
  useFrozenSinceMs: () => null,
};

export const SessionLiveContext = createContext<SessionLiveSource>(none);

/** The live hooks the app provided (a page rendered without them shows stored history only). */
export function useSessionLive(): SessionLiveSource {
  return useContext(SessionLiveContext);
}

import { BoundedMap } from './bounded-map';

/** What a span is, remembered so a later span can tell whether it runs inside a tool call. */
export interface SpanFacts {
  parentSpanId: string;
  isTool: boolean;
  isAgent: boolean;
  agentName: string | undefined;
}

/**
 * The mapper's bounded memory across requests. Everything here only improves a
 * mapping (an agent name, a context budget, a source); losing an entry never makes
 * a mapping wrong in a way a retry could change, because a retried record keeps its seq.
 */
export interface MapperState {
  /** Sessions already given a session_sync, with the model it named. */
  syncedSessions: BoundedMap<string, string | undefined>;
  /** A trace's session once a span of it named one, for the trace's later spans. */
  sessionByTrace: BoundedMap<string, string>;
  /** GenAI spans seen, by `traceId/spanId`. */
  spans: BoundedMap<string, SpanFacts>;
  /** Codex's context budget per session, from codex.conversation_starts. */
  budgetBySession: BoundedMap<string, number>;
}

export function createMapperState(capacity = 50_000): MapperState {
  return {
    syncedSessions: new BoundedMap(capacity),
    sessionByTrace: new BoundedMap(capacity),
    spans: new BoundedMap(capacity),
    budgetBySession: new BoundedMap(capacity),
  };
}

import type { SessionEvent } from '../../protocol/event-schemas';

/** One event as the live client hands it on: validated, with its store cursor (null for ephemeral events). */
export interface LiveEventEntry {
  cursor: number | null;
  event: SessionEvent;
}

/**
 * What the socket handler queues for the next frame, in arrival order:
 * - `events`: apply on top of the present state;
 * - `snapshot`: the server's present ephemeral state of every followed session;
 *   it replaces ours (a reconnect may have missed ephemeral ticks).
 */
export type LiveOp = { kind: 'events'; entries: LiveEventEntry[] } | { kind: 'snapshot'; entries: LiveEventEntry[] };

export type ConnectionStatus =
  /** First connection under way. */
  | { kind: 'connecting' }
  /** `hello` received; `replaying` until the server has sent what we missed. */
  | { kind: 'live'; replaying: boolean }
  /** Lost; `retryAt` is when the next attempt starts (ms epoch), null while it is under way. */
  | { kind: 'reconnecting'; attempt: number; retryAt: number | null }
  /** The browser reports no network: nothing is attempted until it is back. */
  | { kind: 'offline' }
  /** The server wants a (valid) read token: nothing is attempted until one is given. */
  | { kind: 'unauthorized' };

export interface RunningTool {
  /** `tool_call_id`, or `name:<name>` for producers that omit the id. */
  key: string;
  name: string;
  /** JSON-encoded arguments as the producer sent them (possibly truncated by it). */
  arguments: string;
  startedMs: number | null;
  /** From the last heartbeat. */
  elapsedSecs: number;
  /** Event time of the last heartbeat: the timer runs on from `elapsedSecs` at that moment. */
  heartbeatMs: number | null;
  /** Tail of the output, consecutive chunks of one stream joined. */
  output: ToolOutputChunk[];
  metadata: unknown;
}

export interface ToolOutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface StepText {
  text: string;
  /** True once `text_complete` arrived; the next `text_chunk` starts a new step. */
  complete: boolean;
}

export interface TokenEstimateState {
  model: string;
  request_tokens: number;
  budget: number;
}

export interface RlmProgressState {
  traceId: string;
  iteration: number;
  maxIterations: number;
  status: string;
}

export interface CompactionState {
  traceId: string;
  reason: string;
  beforeTokens: number;
  budget: number;
}

/** An `approval_request` not yet followed by its call's output or completion. */
export interface PendingApproval {
  approvalId: string;
  /** Event time of the request (ms; 0 when unreadable): how long the agent has waited. */
  requestedMs: number;
  toolCallId: string;
  tool: string;
  action: string;
}

export interface StreamRetryState {
  attempt: number;
  maxRestarts: number;
  reason: string;
}

/**
 * The ephemeral, present-tense state of one session: what it is doing now.
 * Facts the server keeps (status, token totals, counts) live in the TanStack
 * Query cache as SessionSummary, not here.
 */
export interface SessionLive {
  sessionId: string;
  /** Highest seq applied to the present state; an older event (a replay) only joins `recent`. */
  lastSeq: number;
  /** Recent events, ascending seq, at most `recentCapacity`. */
  recent: LiveEventEntry[];
  /** Highest cursor of a stored event trimmed out of `recent`: history views must read past it over REST. */
  trimmedCursor: number | null;
  step: StepText | null;
  thinking: boolean;
  /**
   * The last `token_estimate` as it streams in. The server's copy is
   * SessionSummary.last_estimate (what tables and headers show); this one is
   * for the live step view, which must not wait for a summary push.
   */
  estimate: TokenEstimateState | null;
  /** Running calls by key; a Map, since a tool_call_id such as `constructor` is data, not a key of Object.prototype. */
  tools: { byId: ReadonlyMap<string, RunningTool>; ids: readonly string[] };
  rlm: RlmProgressState | null;
  compaction: CompactionState | null;
  retry: StreamRetryState | null;
  paused: boolean;
  approval: PendingApproval | null;
  /** Set by `done` / `error`, cleared when a new turn starts (thinking, text, a tool call). */
  ended: 'done' | 'error' | null;
  /** Event time (ms) of the newest event applied: what "stalled" is measured from. */
  lastEventMs: number;
}

export interface LiveSessionsState {
  /** A Map, never a plain object: session ids such as `__proto__` or `constructor` are data. */
  byId: ReadonlyMap<string, SessionLive>;
  /** Session ids in the order they were first seen live. */
  ids: readonly string[];
}

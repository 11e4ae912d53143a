import type { EventOf } from '../event-schemas';
import { idleActivityState, type ActivityState } from '../session-activity';

// The present-tense state of one live session: what it is doing now, as its
// events tell. One type and one fold (present-fold.ts) for both sides: the
// server's hub keeps it per session for browsers that join later
// (server/live/ephemeral-state.ts), the browser's live store keeps it per
// session for its views (src/live). Which loops are open is `loops`, the fold
// the stored summary keeps too (open-loops.ts); the other facts are what the
// events said about those loops, kept while their loop is open. Facts hold the
// event that set them where a snapshot must restate them (present-snapshot.ts),
// so the server sends back exactly what it saw; the views read the plain fields.

/** Bounds that keep a session's present small whatever a producer sends. */
export interface PresentLimits {
  /** Characters of output kept per running tool (the tail an operator reads). */
  toolOutputTailChars: number;
  /** Characters of an unfinished step's text kept (its end; up to twice as many before it is cut back); text_complete restates the whole. */
  stepTextChars: number;
  /** Running calls tracked at once (the stored summary's is MAX_TRACKED_TOOLS); the live present tracks them all. */
  openToolCalls: number;
}

export const defaultPresentLimits: PresentLimits = {
  toolOutputTailChars: 4_000,
  stepTextChars: 200_000,
  openToolCalls: Number.POSITIVE_INFINITY,
};

export interface StepText {
  text: string;
  /** True once `text_complete` (or the end of the session) arrived; the next `text_chunk` starts a new step. */
  complete: boolean;
  /** The newest text_chunk of an unfinished step (null once complete): restated with the whole text. */
  chunk: EventOf<'text_chunk'> | null;
}

export interface ToolOutputPart {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The newest chunk joined into this part: restated carrying the whole part. */
  last: EventOf<'tool_output_chunk'>;
}

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
  /** Tail of the output, consecutive chunks of one stream joined, at most `toolOutputTailChars`. */
  output: readonly ToolOutputPart[];
  metadata: unknown;
  /** The call's start (null: joined mid-call, known from a heartbeat or output only). */
  start: EventOf<'tool_call_start'> | null;
  heartbeat: EventOf<'tool_heartbeat'> | null;
}

export interface RunningTools {
  /** A Map, since a tool_call_id such as `constructor` is data, not a key of Object.prototype. */
  byId: ReadonlyMap<string, RunningTool>;
  /** Keys in the order the calls were first seen. */
  ids: readonly string[];
}

export interface RlmProgressState {
  traceId: string;
  iteration: number;
  maxIterations: number;
  status: string;
  progress: EventOf<'rlm_progress'>;
}

export interface CompactionState {
  traceId: string;
  reason: string;
  beforeTokens: number;
  budget: number;
  started: EventOf<'compaction_started'>;
}

export interface StreamRetryState {
  attempt: number;
  maxRestarts: number;
  reason: string;
  retry: EventOf<'stream_retry'>;
}

/** An `approval_request` not yet settled (src/protocol/approval-settlement.ts). */
export interface PendingApproval {
  approvalId: string;
  /** Event time of the request (ms; 0 when unreadable): how long the agent has waited. */
  requestedMs: number;
  toolCallId: string;
  tool: string;
  action: string;
  request: EventOf<'approval_request'>;
}

/**
 * What a session is doing now. Replaced, never mutated: the fold returns a new
 * object (sharing every fact it did not touch) or the same one when nothing
 * changed, so a reader comparing one fact by identity re-renders only for it.
 */
export interface SessionPresent {
  /** Highest seq applied; an older event (a late resend) does not move the present. */
  lastSeq: number;
  /** Event time (ms) of the newest event applied: what "stalled" is measured from. */
  lastEventMs: number;
  /** The `done` or `error` that ended the session; cleared when a new turn starts (open-loops.ts `turnChangeOf`). */
  end: EventOf<'done'> | EventOf<'error'> | null;
  /** Which loops are open, by the fold the stored summary keeps too (open-loops.ts); the facts below follow it. */
  loops: ActivityState;
  /** The `thinking` that started the current thought, while `loops.thinking`. */
  thinking: EventOf<'thinking'> | null;
  /** The last step's text; unfinished (`complete` false) while `loops.streaming`. */
  step: StepText | null;
  /** The calls `loops.tools` holds, in its order. */
  tools: RunningTools;
  /** The newest RLM loop still running. */
  rlm: RlmProgressState | null;
  compaction: CompactionState | null;
  retry: StreamRetryState | null;
  approval: PendingApproval | null;
  /** The last `token_estimate` (the server's copy for tables is SessionSummary.last_estimate). */
  estimate: EventOf<'token_estimate'> | null;
  /** The `play_break` that paused the session (null: not paused). */
  paused: EventOf<'play_break'> | null;
  /** The last `session_sync` (title, agent, model as the agent's session file says). */
  sync: EventOf<'session_sync'> | null;
}

export const noTools: RunningTools = { byId: new Map(), ids: [] };

/** A session seen for the first time: nothing known to be going on. */
export function emptyPresent(): SessionPresent {
  return {
    lastSeq: 0,
    lastEventMs: 0,
    end: null,
    loops: idleActivityState(),
    thinking: null,
    step: null,
    tools: noTools,
    rlm: null,
    compaction: null,
    retry: null,
    approval: null,
    estimate: null,
    paused: null,
    sync: null,
  };
}

/** `done` / `error` when the session has ended (and no new turn started since), else null. */
export const endedOf = (present: SessionPresent): 'done' | 'error' | null => present.end?.type ?? null;

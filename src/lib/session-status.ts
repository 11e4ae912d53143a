import type { SessionSummary } from '../protocol/api-schemas';
import { DEFAULT_ABANDONED_AFTER_MS } from '../protocol/session-silence';
import { formatAge } from './format';

// The operator's status of a session, finer than the server's active/done/error.
// Derived, never stored: from the live store's facts when this tab has seen the
// session's latest events, else from the server summary. Pure, so the table,
// the header and the tests agree.

/** No event for this long while not done reads as stalled (tools heartbeat every 10 s). */
export const DEFAULT_STALLED_AFTER_MS = 30_000;

/** Where a pending approval is answered: the dashboard only watches, the agent's own prompt decides. */
export const APPROVAL_ANSWERED_WHERE = "answer in the agent's terminal";

/**
 * What the live store knows about a session's present, flat so two snapshots
 * compare field by field (the live feature builds it; this module only reads).
 */
export interface LiveStatusFacts {
  lastSeq: number;
  /** Event time of the newest event applied, whole seconds (finer would change on every text chunk). */
  lastEventMs: number;
  ended: 'done' | 'error' | null;
  thinking: boolean;
  streaming: boolean;
  compacting: boolean;
  /** The oldest running tool call, if any. */
  toolName: string | null;
  toolStartedMs: number | null;
  toolElapsedSecs: number;
  toolHeartbeatMs: number | null;
  retryAttempt: number | null;
  retryMax: number | null;
  approvalTool: string | null;
  /** Event time of the pending approval_request (null: none pending, or its time unknown). */
  approvalSinceMs: number | null;
  /** The newest RLM loop still running (rlm_progress without its rlm_complete); null: none. */
  rlmIteration: number | null;
  rlmMaxIterations: number | null;
}

export type OperatorStatus =
  | { kind: 'thinking' }
  | { kind: 'streaming' }
  | { kind: 'running_tool'; tool: string | null; elapsedSecs: number | null }
  | { kind: 'compacting' }
  | { kind: 'rlm'; iteration: number | null; max: number | null }
  | { kind: 'retrying'; attempt: number | null; max: number | null }
  | { kind: 'awaiting_approval'; tool: string | null; waitingMs: number | null }
  | { kind: 'stalled'; silentMs: number }
  | { kind: 'abandoned'; silentMs: number }
  | { kind: 'idle' }
  | { kind: 'done' }
  | { kind: 'error' };

export type OperatorStatusKind = OperatorStatus['kind'];

export const operatorStatusKinds: readonly OperatorStatusKind[] = [
  'thinking',
  'streaming',
  'running_tool',
  'compacting',
  'rlm',
  'retrying',
  'awaiting_approval',
  'stalled',
  'idle',
  'abandoned',
  'done',
  'error',
];

/**
 * The statuses that count as active: a session that ended, or that went silent
 * past the abandoned threshold, is not something an operator is still watching.
 */
export function isActiveStatus(kind: OperatorStatusKind): boolean {
  return kind !== 'done' && kind !== 'error' && kind !== 'abandoned';
}

export const operatorStatusLabels: Record<OperatorStatusKind, string> = {
  thinking: 'Thinking',
  streaming: 'Streaming',
  running_tool: 'Running tool',
  compacting: 'Compacting',
  rlm: 'Running RLM',
  retrying: 'Retrying',
  awaiting_approval: 'Awaiting approval',
  stalled: 'Stalled',
  idle: 'Idle',
  abandoned: 'Abandoned',
  done: 'Done',
  error: 'Error',
};

export type SummaryStatusFacts = Pick<SessionSummary, 'status' | 'last_seq' | 'last_event_type' | 'last_seen_ms'>;

export interface DeriveStatusInput {
  summary: SummaryStatusFacts | null;
  live: LiveStatusFacts | null;
  nowMs: number;
  stalledAfterMs?: number;
  /** Silent this long while not ended: abandoned (the server's TETHER_ABANDONED_AFTER_MIN, from /health). */
  abandonedAfterMs?: number;
}

/**
 * Seconds a tool has run: from its start, or from the last heartbeat's figure
 * plus the time since it, whichever says more (a heartbeat corrects a start we
 * never saw; the start keeps counting between heartbeats). Null when neither is known.
 */
export function runningSecs(startedMs: number | null, heartbeatSecs: number, heartbeatMs: number | null, nowMs: number): number | null {
  const fromStart = startedMs === null ? null : (nowMs - startedMs) / 1000;
  const fromBeat = heartbeatMs === null ? null : heartbeatSecs + (nowMs - heartbeatMs) / 1000;
  const best = Math.max(fromStart ?? -1, fromBeat ?? -1);
  return best < 0 ? null : best;
}

function toolElapsedSecs(live: LiveStatusFacts, nowMs: number): number | null {
  return runningSecs(live.toolStartedMs, live.toolElapsedSecs, live.toolHeartbeatMs, nowMs);
}

/** The last event type of a summary, read as a present activity (a tab that has not seen the session live). */
function fromSummaryType(summary: SummaryStatusFacts | null, nowMs: number): OperatorStatus {
  const type = summary?.last_event_type ?? null;
  switch (type) {
    case 'thinking':
      return { kind: 'thinking' };
    case 'text_chunk':
      return { kind: 'streaming' };
    case 'tool_call_start':
    case 'tool_heartbeat':
    case 'tool_output_chunk':
    case 'tool_call_metadata':
      return { kind: 'running_tool', tool: null, elapsedSecs: null };
    case 'compaction_started':
      return { kind: 'compacting' };
    case 'rlm_progress':
      return { kind: 'rlm', iteration: null, max: null };
    case 'stream_retry':
      return { kind: 'retrying', attempt: null, max: null };
    case 'approval_request':
      // The request is the last event: the wait started when it was seen.
      return { kind: 'awaiting_approval', tool: null, waitingMs: summary ? Math.max(0, nowMs - summary.last_seen_ms) : null };
    default:
      return { kind: 'idle' };
  }
}

function fromLive(live: LiveStatusFacts, nowMs: number): OperatorStatus {
  if (live.approvalTool !== null) {
    const waitingMs = live.approvalSinceMs === null ? null : Math.max(0, nowMs - live.approvalSinceMs);
    return { kind: 'awaiting_approval', tool: live.approvalTool, waitingMs };
  }
  if (live.retryAttempt !== null) return { kind: 'retrying', attempt: live.retryAttempt, max: live.retryMax };
  if (live.compacting) return { kind: 'compacting' };
  if (live.rlmIteration !== null) return { kind: 'rlm', iteration: live.rlmIteration, max: live.rlmMaxIterations };
  if (live.toolName !== null) return { kind: 'running_tool', tool: live.toolName, elapsedSecs: toolElapsedSecs(live, nowMs) };
  if (live.streaming) return { kind: 'streaming' };
  if (live.thinking) return { kind: 'thinking' };
  return { kind: 'idle' };
}

function endedOf(summary: SummaryStatusFacts | null, live: LiveStatusFacts | null): 'done' | 'error' | null {
  if (live?.ended) return live.ended;
  // The tab has seen events past the summary's end: a new turn started since.
  if (live && summary && live.lastSeq > summary.last_seq) return null;
  return summary && summary.status !== 'active' ? summary.status : null;
}

/**
 * Precedence: ended (done, error) > abandoned > awaiting approval > stalled >
 * retrying > compacting > RLM loop > running tool > streaming > thinking > idle.
 * Waiting on an operator is not a stall (as for the server's alerts), but past
 * the abandoned threshold nobody is answering. The live facts win when they are
 * at least as recent as the summary; otherwise the summary's last event type
 * stands in for the activity.
 */
export function deriveStatus({
  summary,
  live,
  nowMs,
  stalledAfterMs = DEFAULT_STALLED_AFTER_MS,
  abandonedAfterMs = DEFAULT_ABANDONED_AFTER_MS,
}: DeriveStatusInput): OperatorStatus {
  const liveIsCurrent = live !== null && live.lastSeq > 0 && (summary === null || live.lastSeq >= summary.last_seq);
  const ended = endedOf(summary, liveIsCurrent ? live : null);
  if (ended) return { kind: ended };
  const lastActivityMs = Math.max(live?.lastEventMs ?? 0, summary?.last_seen_ms ?? 0);
  const silentMs = lastActivityMs > 0 ? nowMs - lastActivityMs : 0;
  if (lastActivityMs > 0 && silentMs > abandonedAfterMs) return { kind: 'abandoned', silentMs };
  const activity = liveIsCurrent ? fromLive(live, nowMs) : fromSummaryType(summary, nowMs);
  if (activity.kind === 'awaiting_approval') return activity;
  if (lastActivityMs > 0 && silentMs > stalledAfterMs) return { kind: 'stalled', silentMs };
  return activity;
}

/** A one-line description: "Running bash · 12 s", "Retrying 2/3", "Stalled · 4m 05s silent". */
export function describeStatus(status: OperatorStatus): string {
  switch (status.kind) {
    case 'running_tool': {
      const name = status.tool ?? 'tool';
      return status.elapsedSecs === null ? `Running ${name}` : `Running ${name} · ${Math.floor(status.elapsedSecs)} s`;
    }
    case 'retrying':
      return status.attempt === null ? 'Retrying' : `Retrying ${status.attempt}/${status.max ?? '?'}`;
    case 'rlm':
      return status.iteration === null ? 'Running RLM' : `Running RLM · iteration ${status.iteration}/${status.max ?? '?'}`;
    case 'awaiting_approval': {
      const parts = ['Awaiting approval', status.tool, status.waitingMs === null ? null : `waiting ${formatAge(status.waitingMs)}`];
      return parts.filter((part) => part).join(' · ');
    }
    case 'stalled':
      return `Stalled · ${formatAge(status.silentMs)} silent`;
    case 'abandoned':
      return `Abandoned · ${formatAge(status.silentMs)} silent`;
    default:
      return operatorStatusLabels[status.kind];
  }
}

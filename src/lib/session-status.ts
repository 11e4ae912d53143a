import type { SessionSummary } from '../protocol/api-schemas';

// The operator's status of a session, finer than the server's active/done/error.
// Derived, never stored: from the live store's facts when this tab has seen the
// session's latest events, else from the server summary. Pure, so the table,
// the header and the tests agree.

/** No event for this long while not done reads as stalled (tools heartbeat every 10 s). */
export const DEFAULT_STALLED_AFTER_MS = 30_000;

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
}

export type OperatorStatus =
  | { kind: 'thinking' }
  | { kind: 'streaming' }
  | { kind: 'running_tool'; tool: string | null; elapsedSecs: number | null }
  | { kind: 'compacting' }
  | { kind: 'retrying'; attempt: number | null; max: number | null }
  | { kind: 'awaiting_approval'; tool: string | null }
  | { kind: 'stalled'; silentMs: number }
  | { kind: 'idle' }
  | { kind: 'done' }
  | { kind: 'error' };

export type OperatorStatusKind = OperatorStatus['kind'];

export const operatorStatusKinds: readonly OperatorStatusKind[] = [
  'thinking',
  'streaming',
  'running_tool',
  'compacting',
  'retrying',
  'awaiting_approval',
  'stalled',
  'idle',
  'done',
  'error',
];

export const operatorStatusLabels: Record<OperatorStatusKind, string> = {
  thinking: 'Thinking',
  streaming: 'Streaming',
  running_tool: 'Running tool',
  compacting: 'Compacting',
  retrying: 'Retrying',
  awaiting_approval: 'Awaiting approval',
  stalled: 'Stalled',
  idle: 'Idle',
  done: 'Done',
  error: 'Error',
};

export type SummaryStatusFacts = Pick<SessionSummary, 'status' | 'last_seq' | 'last_event_type' | 'last_seen_ms'>;

export interface DeriveStatusInput {
  summary: SummaryStatusFacts | null;
  live: LiveStatusFacts | null;
  nowMs: number;
  stalledAfterMs?: number;
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
function fromSummaryType(type: string | null): OperatorStatus {
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
    case 'stream_retry':
      return { kind: 'retrying', attempt: null, max: null };
    case 'approval_request':
      return { kind: 'awaiting_approval', tool: null };
    default:
      return { kind: 'idle' };
  }
}

function fromLive(live: LiveStatusFacts, nowMs: number): OperatorStatus {
  if (live.approvalTool !== null) return { kind: 'awaiting_approval', tool: live.approvalTool };
  if (live.retryAttempt !== null) return { kind: 'retrying', attempt: live.retryAttempt, max: live.retryMax };
  if (live.compacting) return { kind: 'compacting' };
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
 * Precedence: ended (done, error) > stalled > awaiting approval > retrying >
 * compacting > running tool > streaming > thinking > idle. The live facts win
 * when they are at least as recent as the summary; otherwise the summary's last
 * event type stands in for the activity.
 */
export function deriveStatus({ summary, live, nowMs, stalledAfterMs = DEFAULT_STALLED_AFTER_MS }: DeriveStatusInput): OperatorStatus {
  const liveIsCurrent = live !== null && live.lastSeq > 0 && (summary === null || live.lastSeq >= summary.last_seq);
  const ended = endedOf(summary, liveIsCurrent ? live : null);
  if (ended) return { kind: ended };
  const lastActivityMs = Math.max(live?.lastEventMs ?? 0, summary?.last_seen_ms ?? 0);
  if (lastActivityMs > 0 && nowMs - lastActivityMs > stalledAfterMs) return { kind: 'stalled', silentMs: nowMs - lastActivityMs };
  if (liveIsCurrent) return fromLive(live, nowMs);
  return fromSummaryType(summary?.last_event_type ?? null);
}

/** A one-line description: "Running bash · 12 s", "Retrying 2/3". */
export function describeStatus(status: OperatorStatus): string {
  switch (status.kind) {
    case 'running_tool': {
      const name = status.tool ?? 'tool';
      return status.elapsedSecs === null ? `Running ${name}` : `Running ${name} · ${Math.floor(status.elapsedSecs)} s`;
    }
    case 'retrying':
      return status.attempt === null ? 'Retrying' : `Retrying ${status.attempt}/${status.max ?? '?'}`;
    case 'awaiting_approval':
      return status.tool ? `Awaiting approval · ${status.tool}` : 'Awaiting approval';
    case 'stalled':
      return `Stalled · ${Math.floor(status.silentMs / 1000)} s silent`;
    default:
      return operatorStatusLabels[status.kind];
  }
}

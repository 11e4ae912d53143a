import type { SessionSummary } from './api-schemas';
import { DEFAULT_ABANDONED_AFTER_MS } from './session-silence';

// The operator's status of a session, finer than the server's active/done/error.
// Derived, never stored: in the browser from the live store's facts when the tab
// has seen the session's latest events, else from the server summary; on the
// server from the summary alone (GET /api/v1/sessions filters and counts by it).
// Pure and shared, so the table, the header, the server and the tests agree.
// Labels and descriptions are the UI's (src/lib/sessions/session-status.ts).

/** No event for this long while not done reads as stalled (tools heartbeat every 10 s). */
export const DEFAULT_STALLED_AFTER_MS = 30_000;

/**
 * What the live store knows about a session's present, flat so two snapshots
 * compare field by field (the live layer, src/live, builds it; this module only reads).
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

export type SummaryStatusFacts = Pick<SessionSummary, 'status' | 'last_seq' | 'activity' | 'activity_since_ms' | 'last_seen_ms'>;

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

/** The summary's activity (the server's fold of the same events) as a status: a tab that has not seen the session live. */
function fromSummary(summary: SummaryStatusFacts | null, nowMs: number): OperatorStatus {
  switch (summary?.activity ?? 'idle') {
    case 'thinking':
      return { kind: 'thinking' };
    case 'streaming':
      return { kind: 'streaming' };
    case 'running_tool':
      return { kind: 'running_tool', tool: null, elapsedSecs: null };
    case 'compacting':
      return { kind: 'compacting' };
    case 'rlm':
      return { kind: 'rlm', iteration: null, max: null };
    case 'retrying':
      return { kind: 'retrying', attempt: null, max: null };
    case 'awaiting_approval': {
      const sinceMs = summary!.activity_since_ms ?? summary!.last_seen_ms;
      return { kind: 'awaiting_approval', tool: null, waitingMs: Math.max(0, nowMs - sinceMs) };
    }
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
 * at least as recent as the summary; otherwise the summary's activity (the
 * server's fold, src/protocol/session-activity.ts) stands in for them. The server
 * derives the same from the summary alone (its SQL mirrors this precedence).
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
  const activity = liveIsCurrent ? fromLive(live, nowMs) : fromSummary(summary, nowMs);
  if (activity.kind === 'awaiting_approval') return activity;
  if (lastActivityMs > 0 && silentMs > stalledAfterMs) return { kind: 'stalled', silentMs };
  return activity;
}

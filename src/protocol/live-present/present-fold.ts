import { settlesApproval } from '../approval-settlement';
import { timestampMs } from '../envelope';
import { isKnownEvent, type EventOf, type KnownEventType, type KnownSessionEvent, type SessionEvent } from '../event-schemas';
import { noTools, type PresentLimits, type SessionPresent } from './present-state';
import { appendToolOutput, beatTool, completeTool, describeTool, startTool } from './tool-calls';

// What each event does to a session's present (present-state.ts): the one rule,
// applied by the server's hub and by the browser's live store alike.

type PresentReducer<T extends KnownEventType> = (present: SessionPresent, event: EventOf<T>, limits: PresentLimits) => SessionPresent;

/** For events that tell what happened, not what is going on now: totals, records, lifecycle rows. */
const historyOnly = <T extends KnownEventType>(): PresentReducer<T> => (present) => present;

/** The session stopped (done or error): nothing runs, streams or waits any more; the last text stays, as complete. */
function endSession(present: SessionPresent, event: EventOf<'done'> | EventOf<'error'>): SessionPresent {
  return {
    ...present,
    end: event,
    thinking: null,
    step: present.step && { text: present.step.text, complete: true, chunk: null },
    tools: noTools,
    rlm: null,
    compaction: null,
    retry: null,
    approval: null,
  };
}

/**
 * Every known event type and what it does. A Record, so a type added to the
 * protocol fails the build until someone decides here.
 */
const presentReducers: { [T in KnownEventType]: PresentReducer<T> } = {
  // The model is thinking, until text flows or the thought completes; a new turn reopens an ended session.
  thinking: (p, e) => (p.thinking !== null && p.end === null ? p : { ...p, thinking: p.thinking ?? e, end: null }),
  thinking_complete: (p) => (p.thinking === null ? p : { ...p, thinking: null }),
  // `text` is a snapshot of the whole step and replaces it; `delta` is appended (after text_complete it starts a new step).
  // Text flowing means the model is no longer thinking nor retrying.
  text_chunk: (p, e, limits) => {
    const current = p.step && !p.step.complete ? p.step.text : '';
    const whole = e.text ?? current + (e.delta ?? '');
    // Cut back to the bound only once twice past it: slicing flattens the string, and doing it
    // on every delta of a long step would copy the whole text each time.
    const text = whole.length > 2 * limits.stepTextChars ? whole.slice(-limits.stepTextChars) : whole;
    return { ...p, step: { text, complete: false, chunk: e }, thinking: null, retry: null, end: null };
  },
  // The step's final text replaces whatever was streamed, which may have missed dropped deltas.
  text_complete: (p, e) => ({ ...p, step: { text: e.text, complete: true, chunk: null }, thinking: null, retry: null }),
  tool_call_start: startTool,
  tool_call_complete: completeTool,
  tool_heartbeat: beatTool,
  tool_output_chunk: appendToolOutput,
  tool_call_metadata: describeTool,
  token_estimate: (p, e) => ({ ...p, estimate: e }),
  rlm_progress: (p, e) => ({
    ...p,
    rlm: { traceId: e.trace_id, iteration: e.iteration, maxIterations: e.max_iterations, status: e.status, progress: e },
  }),
  // Only its own trace ends (another may have started since).
  rlm_complete: (p, e) => (p.rlm?.traceId === e.trace_id ? { ...p, rlm: null } : p),
  compaction_started: (p, e) => ({
    ...p,
    compaction: { traceId: e.trace_id, reason: e.reason, beforeTokens: e.before_tokens, budget: e.budget, started: e },
  }),
  // (On the terminal path context_truncated comes first and changes nothing here.)
  compaction_completed: (p, e) => (p.compaction?.traceId === e.trace_id ? { ...p, compaction: null } : p),
  compaction_failed: (p, e) => (p.compaction?.traceId === e.trace_id ? { ...p, compaction: null } : p),
  // The model stream broke and is being restarted; cleared when text flows again.
  stream_retry: (p, e) => ({ ...p, retry: { attempt: e.attempt, maxRestarts: e.max_restarts, reason: e.reason, retry: e } }),
  play_break: (p, e) => (e.active ? (p.paused ? p : { ...p, paused: e }) : p.paused ? { ...p, paused: null } : p),
  // The agent waits for an operator's decision; what settles it is applied to every event below.
  approval_request: (p, e) => ({
    ...p,
    approval: { approvalId: e.approval_id, requestedMs: timestampMs(e.ts) || 0, toolCallId: e.tool_call_id, tool: e.tool, action: e.action, request: e },
  }),
  approval_decision: historyOnly(),
  done: endSession,
  error: endSession,
  session_sync: (p, e) => ({ ...p, sync: e }),
  token_usage: historyOnly(),
  usage_report: historyOnly(),
  context_truncated: historyOnly(),
  rlm_subcall_fallback: historyOnly(),
};

/** What one known event does to the present, whatever its seq (a snapshot's restating uses this directly). */
export function reducePresent(present: SessionPresent, event: KnownSessionEvent, limits: PresentLimits): SessionPresent {
  // TypeScript cannot correlate `event.type` with the reducer picked by it; the
  // mapped type above guarantees each reducer receives its own variant.
  const reducer = presentReducers[event.type] as PresentReducer<KnownEventType>;
  const waiting = present.approval;
  const settled = waiting !== null && settlesApproval(waiting.approvalId, waiting.toolCallId, event) ? { ...present, approval: null } : present;
  return reducer(settled, event, limits);
}

/**
 * Folds one event into the present. Only an event newer (by seq) than every
 * one before it moves it: a late resend, or a stored event replayed after a
 * snapshot that already accounts for it, changes nothing (`restating` lifts
 * that rule for a snapshot's events, which restate an older present on purpose).
 * Unknown types only advance the seq. Returns the same object when nothing changed.
 */
export function applyPresentEvent(present: SessionPresent, event: SessionEvent, limits: PresentLimits, restating = false): SessionPresent {
  if (event.seq <= present.lastSeq && !restating) return present;
  const next = isKnownEvent(event) ? reducePresent(present, event, limits) : present;
  if (event.seq <= next.lastSeq) return next;
  return { ...next, lastSeq: event.seq, lastEventMs: Math.max(next.lastEventMs, timestampMs(event.ts) || 0) };
}

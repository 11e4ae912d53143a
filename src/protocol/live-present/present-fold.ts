import { timestampMs } from '../envelope';
import { isKnownEvent, type EventOf, type KnownEventType, type KnownSessionEvent, type SessionEvent } from '../event-schemas';
import { foldOpenLoops, turnChangeOf } from './open-loops';
import type { PresentLimits, SessionPresent, StepText } from './present-state';
import { appendToolOutput, beatTool, describeTool, keepOpenTools, startTool } from './tool-calls';

// What each event does to a session's present (present-state.ts): the one rule,
// applied by the server's hub and by the browser's live store alike. Which loops
// open and close, and whether the session ended, is the open loops' fold
// (open-loops.ts), shared with the server's stored summary; the reducers below
// only record what an event says about its loop, and what a closed loop leaves
// is dropped after them (dropClosedLoops).

type PresentReducer<T extends KnownEventType> = (present: SessionPresent, event: EventOf<T>, limits: PresentLimits) => SessionPresent;

/** For events that say nothing beyond what the open loops keep: totals, records, lifecycle rows, closing events. */
const loopsOnly = <T extends KnownEventType>(): PresentReducer<T> => (present) => present;

/** The step's text; unfinished while the open loops say text flows. */
const stepOf = (present: SessionPresent, text: string, chunk: EventOf<'text_chunk'> | null): StepText =>
  present.loops.streaming ? { text, complete: false, chunk } : { text, complete: true, chunk: null };

/**
 * Every known event type and what it does. A Record, so a type added to the
 * protocol fails the build until someone decides here.
 */
const presentReducers: { [T in KnownEventType]: PresentReducer<T> } = {
  // The first `thinking` of a thought is the one a snapshot restates.
  thinking: (p, e) => (p.thinking !== null ? p : { ...p, thinking: e }),
  thinking_complete: loopsOnly(),
  // `text` is a snapshot of the whole step and replaces it; `delta` is appended (after text_complete it starts a new step).
  text_chunk: (p, e, limits) => {
    const current = p.step && !p.step.complete ? p.step.text : '';
    const whole = e.text ?? current + (e.delta ?? '');
    // Cut back to the bound only once twice past it: slicing flattens the string, and doing it
    // on every delta of a long step would copy the whole text each time.
    const text = whole.length > 2 * limits.stepTextChars ? whole.slice(-limits.stepTextChars) : whole;
    return { ...p, step: stepOf(p, text, e) };
  },
  // The step's final text replaces whatever was streamed, which may have missed dropped deltas.
  text_complete: (p, e) => ({ ...p, step: stepOf(p, e.text, null) }),
  tool_call_start: startTool,
  tool_call_complete: loopsOnly(),
  tool_heartbeat: beatTool,
  tool_output_chunk: appendToolOutput,
  tool_call_metadata: describeTool,
  token_estimate: (p, e) => ({ ...p, estimate: e }),
  rlm_progress: (p, e) => ({
    ...p,
    rlm: { traceId: e.trace_id, iteration: e.iteration, maxIterations: e.max_iterations, status: e.status, progress: e },
  }),
  rlm_complete: loopsOnly(),
  compaction_started: (p, e) => ({
    ...p,
    compaction: { traceId: e.trace_id, reason: e.reason, beforeTokens: e.before_tokens, budget: e.budget, started: e },
  }),
  compaction_completed: loopsOnly(),
  compaction_failed: loopsOnly(),
  stream_retry: (p, e) => ({ ...p, retry: { attempt: e.attempt, maxRestarts: e.max_restarts, reason: e.reason, retry: e } }),
  play_break: (p, e) => (e.active ? (p.paused ? p : { ...p, paused: e }) : p.paused ? { ...p, paused: null } : p),
  approval_request: (p, e) => ({
    ...p,
    approval: { approvalId: e.approval_id, requestedMs: p.loops.approval?.since_ms ?? 0, toolCallId: e.tool_call_id, tool: e.tool, action: e.action, request: e },
  }),
  approval_decision: loopsOnly(),
  done: loopsOnly(),
  error: loopsOnly(),
  session_sync: (p, e) => ({ ...p, sync: e }),
  token_usage: loopsOnly(),
  usage_report: loopsOnly(),
  context_truncated: loopsOnly(),
  rlm_subcall_fallback: loopsOnly(),
};

/**
 * What a loop that closed leaves: nothing, but for a step's text, which stays
 * as complete. Run only when the loops changed; returns the same object when
 * nothing had to go.
 */
function dropClosedLoops(present: SessionPresent): SessionPresent {
  const { loops, step } = present;
  const thinking = loops.thinking ? present.thinking : null;
  const stopped = step !== null && !step.complete && !loops.streaming ? { text: step.text, complete: true, chunk: null } : step;
  const tools = keepOpenTools(present.tools, loops.tools);
  const rlm = loops.rlm === null ? null : present.rlm;
  const compaction = loops.compaction === null ? null : present.compaction;
  const retry = loops.retrying ? present.retry : null;
  const approval = loops.approval === null ? null : present.approval;
  const same =
    thinking === present.thinking &&
    stopped === step &&
    tools === present.tools &&
    rlm === present.rlm &&
    compaction === present.compaction &&
    retry === present.retry &&
    approval === present.approval;
  return same ? present : { ...present, thinking, step: stopped, tools, rlm, compaction, retry, approval };
}

/** What one known event does to the present, whatever its seq (a snapshot's restating uses this directly). */
export function reducePresent(present: SessionPresent, event: KnownSessionEvent, limits: PresentLimits): SessionPresent {
  const loops = foldOpenLoops(present.loops, event, limits.openToolCalls);
  const turn = turnChangeOf(event);
  const end = turn === null ? present.end : turn === 'reopens' ? null : (event as EventOf<'done' | 'error'>);
  const moved = loops === present.loops && end === present.end ? present : { ...present, loops, end };
  // TypeScript cannot correlate `event.type` with the reducer picked by it; the
  // mapped type above guarantees each reducer receives its own variant.
  const reducer = presentReducers[event.type] as PresentReducer<KnownEventType>;
  const recorded = reducer(moved, event, limits);
  return loops === present.loops ? recorded : dropClosedLoops(recorded);
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

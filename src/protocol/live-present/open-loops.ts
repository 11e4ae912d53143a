import { settlesApproval } from '../approval-settlement';
import { timestampMs } from '../envelope';
import type { KnownSessionEvent } from '../event-schemas';
import { idleActivityState, type ActivityState } from '../session-activity';

// The loops a session has open (a thought, a text stream, running calls, a
// compaction, an RLM loop, a stream retry, an approval wait) and whether it has
// ended: the one place that says which event opens and which closes each. Both
// folds of a session's present compose it: the live present (present-fold.ts)
// adds what the events said about each open loop (texts, output tails, the
// events a snapshot restates); the server's summary (server/store/session-summary.ts)
// stores the loops alone as `activity_state`, so they are small and plain data.

/** `tool_call_id` when the producer sent one, else the tool name (enough for one call of a tool at a time). */
export function toolKey(toolCallId: string | undefined, name: string): string {
  return toolCallId ?? `name:${name}`;
}

/** What an event does to the session as a whole: ends it (done, error), reopens it (a new turn), or neither. */
export type TurnChange = 'done' | 'error' | 'reopens' | null;

/**
 * done/error end the session; only a new turn (thinking, text, a tool call)
 * reopens it: records sent while wrapping up and stragglers (a heartbeat after
 * done) leave it ended.
 */
export function turnChangeOf(event: KnownSessionEvent): TurnChange {
  switch (event.type) {
    case 'done':
    case 'error':
      return event.type;
    case 'thinking':
    case 'text_chunk':
    case 'tool_call_start':
      return 'reopens';
    default:
      return null;
  }
}

type OpenCalls = ActivityState['tools'];

/**
 * The running call an event refers to, as its index in `calls`, or -1. An event
 * without an id (allowed on start/complete) matches the call started without one
 * under that tool name, else the oldest call of that name: a producer that names
 * no ids completes what it started, and that choice does not hang on which calls
 * a browser saw first.
 */
function openCallIndex(calls: OpenCalls, toolCallId: string | undefined, name: string): number {
  if (toolCallId !== undefined) return calls.findIndex(([key]) => key === toolCallId);
  const unnamed = toolKey(undefined, name);
  const at = calls.findIndex(([key]) => key === unnamed);
  return at >= 0 ? at : calls.findIndex(([, callName]) => callName === name);
}

/** A start names the call (renaming one a heartbeat added); a heartbeat or output adds a call joined mid-way, as it runs all the same. */
function withCall(state: ActivityState, key: string, name: string, rename: boolean, maxCalls: number): ActivityState {
  const at = state.tools.findIndex(([k]) => k === key);
  if (at < 0) return state.tools.length < maxCalls ? { ...state, tools: [...state.tools, [key, name]] } : state;
  if (!rename || state.tools[at]![1] === name) return state;
  return { ...state, tools: state.tools.map((call, i) => (i === at ? [key, name] : call)) };
}

function withoutCall(state: ActivityState, toolCallId: string | undefined, name: string): ActivityState {
  const at = state.tools.length === 0 ? -1 : openCallIndex(state.tools, toolCallId, name);
  return at < 0 ? state : { ...state, tools: state.tools.filter((_, i) => i !== at) };
}

/** Text flowing, or the step's final text: the model is no longer thinking nor retrying. */
function withText(state: ActivityState, streaming: boolean): ActivityState {
  return state.streaming === streaming && !state.thinking && !state.retrying ? state : { ...state, streaming, thinking: false, retrying: false };
}

/** Nothing open: the session stopped (done, error). */
function closedLoops(state: ActivityState): ActivityState {
  const idle = !state.thinking && !state.streaming && !state.retrying && state.compaction === null && state.rlm === null && state.tools.length === 0 && state.approval === null;
  return idle ? state : idleActivityState();
}

/**
 * Folds one known event into the open loops. Replaces, never mutates: returns
 * the same object when nothing opened or closed (most text and output chunks),
 * so a caller compares by identity. `maxCalls` bounds the running calls tracked
 * (a producer that never completes its calls must not grow a stored summary).
 */
export function foldOpenLoops(loops: ActivityState, event: KnownSessionEvent, maxCalls: number): ActivityState {
  const waiting = loops.approval;
  const state = waiting !== null && settlesApproval(waiting.approval_id, waiting.tool_call_id, event) ? { ...loops, approval: null } : loops;
  switch (event.type) {
    case 'thinking':
      return state.thinking ? state : { ...state, thinking: true };
    case 'thinking_complete':
      return state.thinking ? { ...state, thinking: false } : state;
    case 'text_chunk':
      return withText(state, true);
    case 'text_complete':
      return withText(state, false);
    case 'tool_call_start':
      return withCall(state, toolKey(event.tool_call_id, event.name), event.name, true, maxCalls);
    case 'tool_heartbeat':
    case 'tool_output_chunk':
      return withCall(state, event.tool_call_id, event.name, false, maxCalls);
    case 'tool_call_complete':
      return withoutCall(state, event.tool_call_id, event.name);
    case 'rlm_progress':
      return state.rlm === event.trace_id ? state : { ...state, rlm: event.trace_id };
    // Only its own trace ends (another may have started since).
    case 'rlm_complete':
      return state.rlm === event.trace_id ? { ...state, rlm: null } : state;
    case 'compaction_started':
      return state.compaction === event.trace_id ? state : { ...state, compaction: event.trace_id };
    // (On the terminal path context_truncated comes first and changes nothing here.)
    case 'compaction_completed':
    case 'compaction_failed':
      return state.compaction === event.trace_id ? { ...state, compaction: null } : state;
    // The model stream broke and is being restarted; closed when text flows again.
    case 'stream_retry':
      return state.retrying ? state : { ...state, retrying: true };
    // The agent waits for an operator's decision; what settles it (approval-settlement.ts) is applied to every event above.
    case 'approval_request':
      return {
        ...state,
        approval: { approval_id: event.approval_id, tool_call_id: event.tool_call_id, tool: event.tool, since_ms: timestampMs(event.ts) || null },
      };
    case 'done':
    case 'error':
      return closedLoops(state);
    default:
      // Records and totals (usage, sync, estimates, metadata, decisions settled above, breaks): no loop opens or closes.
      return state;
  }
}

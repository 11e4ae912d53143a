import { z } from 'zod';
import { settlesApproval } from './approval-settlement';
import { timestampMs } from './envelope';
import type { KnownSessionEvent } from './event-schemas';
import { toolKey } from './live-present/tool-calls';

// What a session is doing now, as far as its events tell, without a clock: the
// small, persisted projection of the present fold (src/protocol/live-present/)
// that the server's summary fold keeps per session (so `GET /api/v1/sessions`
// can filter on it in SQL). The full present (texts, output tails, the events a
// snapshot restates) is too large to store on every summary; this keeps only the
// ids that open and close each loop, under the same rules (a property test in
// server/store/status-agreement.test.ts holds the two together).
// Silence (stalled, abandoned) needs "now" and is added by deriveStatus.

export const sessionActivityKinds = [
  'thinking',
  'streaming',
  'running_tool',
  'compacting',
  'rlm',
  'retrying',
  'awaiting_approval',
  'idle',
] as const;
export const sessionActivitySchema = z.enum(sessionActivityKinds);
export type SessionActivity = z.infer<typeof sessionActivitySchema>;

/**
 * The little the fold must remember between events: which loops are open, by
 * the ids that close them. Kept in the stored summary; arrays and the approval
 * are replaced, never mutated, so copying a summary copies this shallowly.
 */
export const activityStateSchema = z.object({
  thinking: z.boolean(),
  /** Text of a step is flowing (text_chunk without its text_complete). */
  streaming: z.boolean(),
  retrying: z.boolean(),
  /** trace_id of the compaction under way. */
  compaction: z.string().nullable(),
  /** trace_id of the RLM loop under way. */
  rlm: z.string().nullable(),
  /** Running calls, oldest first, as [key, tool name]; key as the present fold's (`tool_call_id`, else `name:<tool>`). */
  tools: z.array(z.tuple([z.string(), z.string()])),
  approval: z
    .object({ approval_id: z.string(), tool_call_id: z.string(), tool: z.string(), since_ms: z.number().nullable() })
    .nullable(),
});
export type ActivityState = z.infer<typeof activityStateSchema>;

/** Beyond this many calls open at once the fold stops tracking new ones: a producer that never completes its calls must not grow every summary. */
export const MAX_TRACKED_TOOLS = 64;

export const idleActivityState = (): ActivityState => ({
  thinking: false,
  streaming: false,
  retrying: false,
  compaction: null,
  rlm: null,
  tools: [],
  approval: null,
});

/** The part of a session summary the fold reads and writes (a SessionSummary is one). */
export interface PresentDraft {
  status: 'active' | 'done' | 'error';
  activity: SessionActivity;
  /** When the pending approval was asked for (event time, ms); null otherwise. */
  activity_since_ms: number | null;
  activity_state: ActivityState;
}

/** The activity the state shows, in the browser's precedence (src/protocol/session-status.ts `fromLive`). */
export function activityOf(state: ActivityState): SessionActivity {
  if (state.approval !== null) return 'awaiting_approval';
  if (state.retrying) return 'retrying';
  if (state.compaction !== null) return 'compacting';
  if (state.rlm !== null) return 'rlm';
  if (state.tools.length > 0) return 'running_tool';
  if (state.streaming) return 'streaming';
  if (state.thinking) return 'thinking';
  return 'idle';
}

function addTool(state: ActivityState, key: string, name: string, rename: boolean): void {
  const at = state.tools.findIndex(([k]) => k === key);
  if (at < 0) {
    if (state.tools.length < MAX_TRACKED_TOOLS) state.tools = [...state.tools, [key, name]];
  } else if (rename && state.tools[at]![1] !== name) {
    state.tools = state.tools.map((entry, i) => (i === at ? [key, name] : entry));
  }
}

/** As the present fold's findToolKey (live-present/tool-calls.ts): by id when given, else the call started without one, else the oldest of that tool. */
function removeTool(state: ActivityState, toolCallId: string | undefined, name: string): void {
  if (state.tools.length === 0) return;
  let at: number;
  if (toolCallId !== undefined) at = state.tools.findIndex(([k]) => k === toolCallId);
  else {
    const unnamed = toolKey(undefined, name);
    at = state.tools.findIndex(([k]) => k === unnamed);
    if (at < 0) at = state.tools.findIndex(([, n]) => n === name);
  }
  if (at >= 0) state.tools = state.tools.filter((_, i) => i !== at);
}

/**
 * Folds one known event, newer (by seq) than every event folded before it, into
 * `draft`, mutating it (the caller owns a copy). `status` is the ended state:
 * done/error end it, and only a new turn (thinking, text, a tool call) reopens it,
 * as in the present fold; bookkeeping and stragglers after the end leave it ended.
 */
export function foldPresent(draft: PresentDraft, event: KnownSessionEvent): void {
  const state = draft.activity_state;
  const approval = state.approval;
  if (approval !== null && settlesApproval(approval.approval_id, approval.tool_call_id, event)) state.approval = null;
  switch (event.type) {
    case 'thinking':
      state.thinking = true;
      draft.status = 'active';
      break;
    case 'thinking_complete':
      state.thinking = false;
      break;
    case 'text_chunk':
      state.streaming = true;
      state.thinking = false;
      state.retrying = false;
      draft.status = 'active';
      break;
    case 'text_complete':
      state.streaming = false;
      state.thinking = false;
      state.retrying = false;
      break;
    case 'tool_call_start':
      addTool(state, toolKey(event.tool_call_id, event.name), event.name, true);
      draft.status = 'active';
      break;
    case 'tool_heartbeat':
    case 'tool_output_chunk':
      // A call joined mid-way (its start unseen) runs all the same.
      addTool(state, event.tool_call_id, event.name, false);
      break;
    case 'tool_call_complete':
      removeTool(state, event.tool_call_id, event.name);
      break;
    case 'rlm_progress':
      state.rlm = event.trace_id;
      break;
    case 'rlm_complete':
      if (state.rlm === event.trace_id) state.rlm = null;
      break;
    case 'compaction_started':
      state.compaction = event.trace_id;
      break;
    case 'compaction_completed':
    case 'compaction_failed':
      if (state.compaction === event.trace_id) state.compaction = null;
      break;
    case 'stream_retry':
      state.retrying = true;
      break;
    case 'approval_request':
      state.approval = {
        approval_id: event.approval_id,
        tool_call_id: event.tool_call_id,
        tool: event.tool,
        since_ms: timestampMs(event.ts) || null,
      };
      break;
    case 'done':
    case 'error':
      draft.activity_state = idleActivityState();
      draft.status = event.type;
      break;
    default:
      // Records and totals (usage, sync, estimates, decisions settled above, breaks): no present activity.
      break;
  }
  draft.activity = activityOf(draft.activity_state);
  draft.activity_since_ms = draft.activity_state.approval?.since_ms ?? null;
}

/**
 * The activity of a summary stored before the fold existed: its last event type
 * read as a present activity (as the browser once did), the only trace it left.
 */
export function legacyActivityOf(lastEventType: string | null): SessionActivity {
  switch (lastEventType) {
    case 'thinking':
      return 'thinking';
    case 'text_chunk':
      return 'streaming';
    case 'tool_call_start':
    case 'tool_heartbeat':
    case 'tool_output_chunk':
    case 'tool_call_metadata':
      return 'running_tool';
    case 'compaction_started':
      return 'compacting';
    case 'rlm_progress':
      return 'rlm';
    case 'stream_retry':
      return 'retrying';
    case 'approval_request':
      return 'awaiting_approval';
    default:
      return 'idle';
  }
}

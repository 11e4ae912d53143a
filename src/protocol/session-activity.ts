import { z } from 'zod';

// What a session is doing now, as far as its events tell, without a clock: its
// open loops (the fold that opens and closes them is live-present/open-loops.ts),
// in the shape the server's summary stores per session (so `GET /api/v1/sessions`
// can filter on it in SQL) and the live present carries as its `loops`, and the
// one activity they show. Silence (stalled, abandoned) needs "now" and is added
// by deriveStatus.

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
 * the ids that close them. Stored as JSON on every summary (its shape is what
 * stored rows hold); replaced by the fold, never mutated.
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
  /** Running calls, oldest first, as [key, tool name]; key `tool_call_id`, else `name:<tool>` (open-loops.ts `toolKey`). */
  tools: z.array(z.tuple([z.string(), z.string()])),
  approval: z
    .object({ approval_id: z.string(), tool_call_id: z.string(), tool: z.string(), since_ms: z.number().nullable() })
    .nullable(),
});
export type ActivityState = z.infer<typeof activityStateSchema>;

/** Beyond this many calls open at once the stored summary stops tracking new ones: a producer that never completes its calls must not grow every summary. */
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

import { settlesApproval } from '../../../protocol/approval-settlement';
import type { KnownEventType, KnownSessionEvent } from '../../../protocol/event-schemas';
import type { LiveConfig } from '../live-config';
import type { SessionLive } from '../live-types';
import { reduceApprovalRequest } from './approval-request';
import { reduceCompactionCompleted } from './compaction-completed';
import { reduceCompactionFailed } from './compaction-failed';
import { reduceCompactionStarted } from './compaction-started';
import { reduceDone } from './done';
import { reduceError } from './error';
import { reducePlayBreak } from './play-break';
import type { EventReducer } from './reducer-types';
import { reduceRlmComplete } from './rlm-complete';
import { reduceRlmProgress } from './rlm-progress';
import { reduceStreamRetry } from './stream-retry';
import { reduceTextChunk } from './text-chunk';
import { reduceTextComplete } from './text-complete';
import { reduceThinking } from './thinking';
import { reduceThinkingComplete } from './thinking-complete';
import { reduceTokenEstimate } from './token-estimate';
import { reduceToolCallComplete } from './tool-call-complete';
import { reduceToolCallMetadata } from './tool-call-metadata';
import { reduceToolCallStart } from './tool-call-start';
import { reduceToolHeartbeat } from './tool-heartbeat';
import { reduceToolOutputChunk } from './tool-output-chunk';

/** For events that tell what happened, not what is going on now: they only join the recent ring. */
const historyOnly = <T extends KnownEventType>(): EventReducer<T> => (session) => session;

/**
 * Every known event type, and what it does to the present state. A Record, so
 * a type added to the protocol fails the build until someone decides here.
 */
const eventReducers: { [T in KnownEventType]: EventReducer<T> } = {
  thinking: reduceThinking,
  thinking_complete: reduceThinkingComplete,
  text_chunk: reduceTextChunk,
  text_complete: reduceTextComplete,
  tool_call_start: reduceToolCallStart,
  tool_call_complete: reduceToolCallComplete,
  tool_heartbeat: reduceToolHeartbeat,
  tool_output_chunk: reduceToolOutputChunk,
  tool_call_metadata: reduceToolCallMetadata,
  token_estimate: reduceTokenEstimate,
  rlm_progress: reduceRlmProgress,
  rlm_complete: reduceRlmComplete,
  compaction_started: reduceCompactionStarted,
  compaction_completed: reduceCompactionCompleted,
  compaction_failed: reduceCompactionFailed,
  stream_retry: reduceStreamRetry,
  play_break: reducePlayBreak,
  approval_request: reduceApprovalRequest,
  // Ends the wait, which every event's reducer call does below (settlesApproval).
  approval_decision: historyOnly(),
  done: reduceDone,
  error: reduceError,
  // Totals, summaries and lifecycle records: server data or timeline rows.
  token_usage: historyOnly(),
  usage_report: historyOnly(),
  session_sync: historyOnly(),
  context_truncated: historyOnly(),
  rlm_subcall_fallback: historyOnly(),
};

/** Applies one validated, known event to the present state. */
export function reduceKnownEvent(session: SessionLive, event: KnownSessionEvent, config: LiveConfig): SessionLive {
  // TypeScript cannot correlate `event.type` with the reducer picked by it; the
  // mapped type above guarantees each reducer receives its own variant.
  const reducer = eventReducers[event.type] as EventReducer<KnownEventType>;
  const waiting = session.approval;
  const settled = waiting !== null && settlesApproval(waiting.approvalId, waiting.toolCallId, event) ? { ...session, approval: null } : session;
  return reducer(settled, event, config);
}

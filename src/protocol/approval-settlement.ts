import type { KnownSessionEvent } from './event-schemas';

/**
 * Whether `event` ends a session's wait for the approval `approvalId` (asked for the
 * call `toolCallId`): its decision; output or completion of that call (it went ahead,
 * so it was granted); new text from the model; or the end of the session. One rule for
 * the browser's live state, the server's late-join snapshot and the alert engine.
 */
export function settlesApproval(approvalId: string, toolCallId: string, event: KnownSessionEvent): boolean {
  switch (event.type) {
    case 'approval_decision':
      return event.approval_id === approvalId;
    case 'tool_call_complete':
    case 'tool_output_chunk':
      return event.tool_call_id !== undefined && event.tool_call_id === toolCallId;
    case 'text_chunk':
    case 'text_complete':
    case 'done':
    case 'error':
      return true;
    default:
      return false;
  }
}

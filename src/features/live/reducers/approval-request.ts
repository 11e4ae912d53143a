import { timestampMs } from '../../../protocol/envelope';
import type { EventReducer } from './reducer-types';

/** The agent waits for an operator's decision; what settles it is one shared rule (src/protocol/approval-settlement.ts). */
export const reduceApprovalRequest: EventReducer<'approval_request'> = (session, event) => ({
  ...session,
  approval: {
    approvalId: event.approval_id,
    requestedMs: timestampMs(event.ts) || 0,
    toolCallId: event.tool_call_id,
    tool: event.tool,
    action: event.action,
  },
});

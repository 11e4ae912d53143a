import type { EventReducer } from './reducer-types';

/** The agent waits for an operator's decision; settled by the call's output or completion, new text, or the end. */
export const reduceApprovalRequest: EventReducer<'approval_request'> = (session, event) => ({
  ...session,
  approval: { approvalId: event.approval_id, toolCallId: event.tool_call_id, tool: event.tool, action: event.action },
});

/** The operator (or a policy) answered: the wait for that approval is over. */
export const reduceApprovalDecision: EventReducer<'approval_decision'> = (session, event) =>
  session.approval?.approvalId === event.approval_id ? { ...session, approval: null } : session;

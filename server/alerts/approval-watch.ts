import { settlesApproval } from '#protocol/approval-settlement';
import type { KnownSessionEvent } from '#protocol/event-schemas';
import type { IngestItem } from '../ingest/ingest-item';

// Which approvals of a session are still waiting for an answer, by the rule the
// browser and the live snapshot use too (src/protocol/approval-settlement.ts).

export interface PendingApproval {
  approval_id: string;
  tool_call_id: string;
  tool: string;
  /** Event time of the request. */
  since_ms: number;
}

/** The pending approvals after a session's events of one batch, in order (pure). */
export function nextPendingApprovals(pending: readonly PendingApproval[], items: readonly IngestItem[]): PendingApproval[] {
  let next = [...pending];
  for (const item of items) {
    if (!item.known) continue;
    const event = item.event as KnownSessionEvent;
    next = next.filter((p) => !settlesApproval(p.approval_id, p.tool_call_id, event));
    if (event.type === 'approval_request') {
      next = next.filter((p) => p.approval_id !== event.approval_id);
      next.push({ approval_id: event.approval_id, tool_call_id: event.tool_call_id, tool: event.tool, since_ms: item.tsMs });
    }
  }
  return next;
}

export function oldestPending(pending: readonly PendingApproval[]): PendingApproval | null {
  let oldest: PendingApproval | null = null;
  for (const p of pending) if (oldest === null || p.since_ms < oldest.since_ms) oldest = p;
  return oldest;
}

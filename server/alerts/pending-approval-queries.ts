import { changesOf, type SqlSteps } from '../store/sql-steps';
import type { AlertSql } from './alert-database';
import type { PendingApproval } from './approval-watch';

// The approvals being watched for approval_waiting (approval-watch.ts), per
// session, for both alert stores: a restart carries on with the same clocks.

/** Each session's pending approvals, oldest first. */
export async function pendingApprovals({ db }: AlertSql): Promise<Map<string, PendingApproval[]>> {
  const rows = await db.selectFrom('alert_pending_approvals').select(['session_id', 'approval_id', 'tool_call_id', 'tool', 'since_ms']).orderBy('since_ms').execute();
  const bySession = new Map<string, PendingApproval[]>();
  for (const { session_id, ...pending } of rows) bySession.set(session_id, [...(bySession.get(session_id) ?? []), pending]);
  return bySession;
}

/** Replaces a session's whole list; to run as one transaction. */
export function* setPendingApprovals({ db }: AlertSql, sessionId: string, pending: readonly PendingApproval[]): SqlSteps<void> {
  yield* changesOf(db.deleteFrom('alert_pending_approvals').where('session_id', '=', sessionId));
  // One row per approval (its key): an approval listed twice keeps its last listing.
  const byId = new Map(pending.map((p) => [p.approval_id, p]));
  if (byId.size === 0) return;
  yield* changesOf(
    db.insertInto('alert_pending_approvals').values(
      Array.from(byId.values(), (p) => ({ session_id: sessionId, approval_id: p.approval_id, tool_call_id: p.tool_call_id, tool: p.tool, since_ms: p.since_ms })),
    ),
  );
}

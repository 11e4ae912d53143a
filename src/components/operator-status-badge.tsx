import { APPROVAL_ANSWERED_WHERE, describeStatus, type OperatorStatus } from '../lib/sessions/session-status';

/**
 * The derived status as words plus a shape; colour repeats the word, never
 * replaces it. An approval says where it is answered (the dashboard only
 * watches): in words beside the badge with `showHint`, else for screen readers
 * and as a tooltip, so a table cell stays one short line.
 */
export function OperatorStatusBadge({ status, showHint = false }: { status: OperatorStatus; showHint?: boolean }) {
  const hint = status.kind === 'awaiting_approval' ? APPROVAL_ANSWERED_WHERE : null;
  return (
    <span className="badge op-status" data-status={status.kind} title={hint ?? undefined}>
      <span className="op-status__mark" aria-hidden="true" />
      {describeStatus(status)}
      {hint && (showHint ? <span className="op-status__hint"> — {hint}</span> : <span className="visually-hidden"> — {hint}</span>)}
    </span>
  );
}

import { describeStatus, type OperatorStatus } from '../lib/session-status';

/** The derived status as words plus a shape; colour repeats the word, never replaces it. */
export function OperatorStatusBadge({ status }: { status: OperatorStatus }) {
  return (
    <span className="badge op-status" data-status={status.kind}>
      <span className="op-status__mark" aria-hidden="true" />
      {describeStatus(status)}
    </span>
  );
}

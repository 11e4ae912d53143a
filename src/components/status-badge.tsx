import type { SessionStatus } from '../protocol/api-schemas';

const labels: Record<SessionStatus, string> = { active: 'Active', done: 'Done', error: 'Error' };

/** A session's status as a word with a shape beside it; colour repeats, never replaces, the word. */
export function StatusBadge({ status }: { status: SessionStatus }) {
  return (
    <span className="badge status-badge" data-status={status}>
      <span className="status-badge__mark" aria-hidden="true" />
      {labels[status]}
    </span>
  );
}

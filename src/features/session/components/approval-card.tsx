import { memo } from 'react';
import { formatDateTime } from '../../../lib/format/format';
import { timestampMs } from '../../../protocol/envelope';
import type { EventOf } from '../../../protocol/event-schemas';
import { describeDecision } from '../utils/approval-decisions';

function Decision({ decision }: { decision: EventOf<'approval_decision'> }) {
  const ms = timestampMs(decision.ts);
  const approved = decision.status === 'approved';
  return (
    <p className="approval-card__decision" data-status={decision.status} role="status">
      <strong>{approved ? '✓ Approved' : '✗ Denied'}</strong>
      {decision.decided_by ? <> by {decision.decided_by}</> : null} at{' '}
      <time dateTime={Number.isFinite(ms) ? new Date(ms).toISOString() : undefined}>
        {formatDateTime(ms)}
      </time>
      {decision.reason ? <>: “{decision.reason}”</> : null}
    </p>
  );
}

/** An approval request, shown prominently while the agent waits on a person; how and when it was decided once it was. */
export const ApprovalCard = memo(function ApprovalCard({ event, decision = null }: { event: EventOf<'approval_request'>; decision?: EventOf<'approval_decision'> | null }) {
  return (
    <article className="approval-card" data-decided={decision ? decision.status : 'pending'} role="note" aria-label={`Approval requested for ${event.tool}`}>
      <h3 className="approval-card__title">
        <span aria-hidden="true">{decision ? (decision.status === 'approved' ? '✓' : '✗') : '⚠'}</span> Approval {decision ? 'asked' : 'requested'}: {event.tool} · {event.action}
      </h3>
      <dl className="facts facts--compact">
        {event.resource !== '' && (
          <div>
            <dt>Resource</dt>
            <dd>
              <code>{event.resource}</code>
            </dd>
          </div>
        )}
        {event.reason !== '' && (
          <div>
            <dt>Reason</dt>
            <dd>{event.reason}</dd>
          </div>
        )}
        {event.available_decisions && event.available_decisions.length > 0 && (
          <div>
            <dt>Decisions offered</dt>
            <dd>
              <ul className="approval-card__decisions">
                {event.available_decisions.map((offered, i) => (
                  <li key={i}>{describeDecision(offered)}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {event.proposed_execpolicy_amendment && (
          <div>
            <dt>Proposed policy</dt>
            <dd>
              <code>{event.proposed_execpolicy_amendment.join(' ')}</code>
            </dd>
          </div>
        )}
      </dl>
      {decision ? <Decision decision={decision} /> : <p className="approval-card__waiting muted">Waiting for a decision</p>}
    </article>
  );
});

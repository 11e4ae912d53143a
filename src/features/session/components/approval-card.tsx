import { memo } from 'react';
import type { EventOf } from '../../../protocol/event-schemas';

const decisionText = (decision: unknown) => (typeof decision === 'string' ? decision : JSON.stringify(decision));

/** An approval request, shown prominently: the agent is waiting on a person. */
export const ApprovalCard = memo(function ApprovalCard({ event }: { event: EventOf<'approval_request'> }) {
  return (
    <article className="approval-card" role="note" aria-label={`Approval requested for ${event.tool}`}>
      <h3 className="approval-card__title">
        <span aria-hidden="true">⚠</span> Approval requested: {event.tool} · {event.action}
      </h3>
      <dl className="facts facts--compact">
        <div>
          <dt>Resource</dt>
          <dd>
            <code>{event.resource}</code>
          </dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{event.reason}</dd>
        </div>
        {event.available_decisions && event.available_decisions.length > 0 && (
          <div>
            <dt>Decisions offered</dt>
            <dd>
              <ul className="approval-card__decisions">
                {event.available_decisions.map((decision, i) => (
                  <li key={i}>{decisionText(decision)}</li>
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
    </article>
  );
});

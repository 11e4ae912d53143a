import { memo } from 'react';
import { ContextGauge } from '../../../components/context-gauge';
import { DemoBadge } from '../../../components/demo-badge';
import { FrozenFigure } from '../../../components/frozen-figure';
import { OperatorStatusBadge } from '../../../components/operator-status-badge';
import { RelativeTime } from '../../../components/relative-time';
import { TokensBySource } from '../../../components/tokens-by-source';
import { formatDateTime, formatDuration, formatTokens, shortId } from '../../../lib/format/format';
import { deriveStatus, isActiveStatus } from '../../../lib/sessions/session-status';
import { useStatusThresholds } from '../../../lib/sessions/status-thresholds';
import { useNow } from '../../../lib/time/use-now';
import type { SessionSummary } from '../../../protocol/api-schemas';
import { isOverBudget } from '../../../protocol/derived';
import { SessionCostFacts } from './session-cost-facts';
import { useFrozenSinceMs } from '../../../live/hooks/use-connection-status';
import { useLiveStatusFacts } from '../../../live/hooks/use-live-status';

/** Status and duration tick once a second; kept apart so the rest of the header does not. */
function LiveFacts({ session }: { session: SessionSummary }) {
  const facts = useLiveStatusFacts(session.session_id);
  const now = useNow(1_000);
  const thresholds = useStatusThresholds();
  const status = deriveStatus({ summary: session, live: facts, nowMs: now, ...thresholds });
  // An abandoned session's duration stops at its last event, like an ended one.
  const endMs = isActiveStatus(status.kind) ? now : session.last_seen_ms;
  return (
    <>
      <div>
        <dt>Status</dt>
        <dd>
          <OperatorStatusBadge status={status} showHint />
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{formatDuration(Math.max(0, endMs - session.first_seen_ms))}</dd>
      </div>
    </>
  );
}

/** Who the session is and where it stands: server facts from its summary (kept fresh by the socket) plus the live status. */
export const SessionHeader = memo(function SessionHeader({ session }: { session: SessionSummary }) {
  const frozenSinceMs = useFrozenSinceMs();
  const title = session.title?.trim() || `Session ${shortId(session.session_id)}`;
  const estimate = session.last_estimate;
  return (
    <header className="session-header">
      <div className="session-header__top">
        <h1 id="session-heading">{title}</h1>
        <DemoBadge producer={session.producer} />
      </div>
      <p className="session-header__id muted">
        <span className="visually-hidden">Session id </span>
        <code>{session.session_id}</code>
      </p>
      <dl className="facts">
        <LiveFacts session={session} />
        <div>
          <dt>Model</dt>
          <dd>{session.model ?? <span className="muted">unknown</span>}</dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>{session.agent ?? <span className="muted">unknown</span>}</dd>
        </div>
        <div>
          <dt>Context</dt>
          <dd>
            <ContextGauge estimate={estimate} size="large" />
          </dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            <FrozenFigure sinceMs={frozenSinceMs}>
              <TokensBySource bySource={session.tokens_by_source} />
            </FrozenFigure>
          </dd>
        </div>
        <SessionCostFacts session={session} running={session.status === 'active'} frozenSinceMs={frozenSinceMs} />
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(session.first_seen_ms)}</dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd>
            {frozenSinceMs === null ? (
              <RelativeTime ms={session.last_seen_ms} />
            ) : (
              // "3 min ago" would keep growing while events may be arriving unseen: the instant, and when it was true.
              <FrozenFigure sinceMs={frozenSinceMs}>{formatDateTime(session.last_seen_ms)}</FrozenFigure>
            )}
          </dd>
        </div>
      </dl>
      {estimate && isOverBudget(estimate) && (
        <p className="inline-warning" role="alert">
          Over budget: the next request is {formatTokens(estimate.request_tokens)} tokens against a budget of {formatTokens(estimate.budget)}; expect a
          compaction.
        </p>
      )}
      {session.status === 'error' && session.last_error && (
        <p className="inline-warning" role="note">
          Last error: {session.last_error}
        </p>
      )}
    </header>
  );
});

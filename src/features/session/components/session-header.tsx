import type { ReactNode } from 'react';
import { ContextGauge } from '../../../components/context-gauge';
import { RelativeTime } from '../../../components/relative-time';
import { StatusBadge } from '../../../components/status-badge';
import { TokenCounts } from '../../../components/token-counts';
import { formatCount, formatDateTime, shortId } from '../../../lib/format';
import type { SessionSummary } from '../../../protocol/api-schemas';

export interface SessionHeaderProps {
  session: SessionSummary;
  /** What the session is doing now; composed by the app from the live feature. */
  activity?: ReactNode;
}

/** Who the session is and where it stands: server facts from its summary, kept fresh by the socket. */
export function SessionHeader({ session, activity }: SessionHeaderProps) {
  const title = session.title?.trim() || `Session ${shortId(session.session_id)}`;
  return (
    <header className="session-header">
      <div className="session-header__top">
        <h1 id="session-heading">{title}</h1>
        <StatusBadge status={session.status} />
      </div>
      <p className="session-header__id muted">
        <span className="visually-hidden">Session id </span>
        <code>{session.session_id}</code>
      </p>
      <dl className="facts">
        <div>
          <dt>Model</dt>
          <dd>{session.model ?? <span className="muted">unknown</span>}</dd>
        </div>
        <div>
          <dt>Agent</dt>
          <dd>{session.agent ?? <span className="muted">unknown</span>}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            <TokenCounts prompt={session.prompt_tokens} completion={session.completion_tokens} />
          </dd>
        </div>
        <div>
          <dt>Context</dt>
          <dd>
            <ContextGauge estimate={session.last_estimate} size="large" />
          </dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{formatCount(session.event_count)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(session.first_seen_ms)}</dd>
        </div>
        <div>
          <dt>Last activity</dt>
          <dd>
            <RelativeTime ms={session.last_seen_ms} />
          </dd>
        </div>
      </dl>
      {session.status === 'error' && session.last_error && (
        <p className="inline-warning" role="note">
          Last error: {session.last_error}
        </p>
      )}
      {activity}
    </header>
  );
}

import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { StatePanel } from '../../../components/state-panel';
import { describeError, isApiError } from '../../../lib/api-error';
import { formatCount, shortId } from '../../../lib/format';
import { useSessionHistory } from '../api/get-session-events';
import { useSession } from '../api/get-session';
import { historyRows, mergeTimeline, type LiveTimelineEntry } from '../utils/merge-timeline';
import { EventTimeline } from './event-timeline';
import { SessionHeader } from './session-header';

export interface SessionPageProps {
  sessionId: string;
  /** The session's recent live events and how far its ring has trimmed (from the live feature, via the app). */
  live: { events: readonly LiveTimelineEntry[]; trimmedCursor: number | null };
  /** The live activity strip, composed by the app. */
  activity?: ReactNode;
}

const backLink = (
  <Link className="button" to="/">
    Back to sessions
  </Link>
);

/** `/sessions/:id`: the summary header over the full event timeline (stored history + live). */
export function SessionPage({ sessionId, live, activity }: SessionPageProps) {
  const session = useSession(sessionId);
  const history = useSessionHistory(sessionId, live.trimmedCursor);
  const pages = history.data?.pages;
  const stored = useMemo(() => historyRows(pages ?? []), [pages]);
  const rows = useMemo(() => mergeTimeline(stored, live.events), [stored, live.events]);

  if (session.isError && isApiError(session.error) && session.error.isNotFound) {
    return (
      <section className="page">
        <title>Session not found · Tether Watch</title>
        <h1>Session not found</h1>
        <StatePanel kind="empty" title={`No session with id ${sessionId} is known to the server.`} action={backLink}>
          It may not have sent any events yet; this page fills in when it does.
        </StatePanel>
      </section>
    );
  }

  let header: ReactNode;
  if (session.data) {
    header = <SessionHeader session={session.data} activity={activity} />;
  } else if (session.isError) {
    const retry = (
      <button type="button" className="button" onClick={() => void session.refetch()}>
        Try again
      </button>
    );
    header = (
      <StatePanel kind="error" title="This session could not be loaded" action={retry}>
        {describeError(session.error)}
      </StatePanel>
    );
  } else {
    header = (
      <header className="session-header">
        <h1 id="session-heading">Session {shortId(sessionId)}</h1>
        <StatePanel kind="loading" title="Loading session…" />
      </header>
    );
  }

  let timeline: ReactNode;
  if (history.isPending) {
    timeline = <StatePanel kind="loading" title="Loading events…" />;
  } else if (history.isError && rows.length === 0) {
    const retry = (
      <button type="button" className="button" onClick={() => void history.refetch()}>
        Try again
      </button>
    );
    timeline = (
      <StatePanel kind="error" title="Events could not be loaded" action={retry}>
        {describeError(history.error)}
      </StatePanel>
    );
  } else if (rows.length === 0) {
    timeline = <StatePanel kind="empty" title="No events yet">New events appear here as the session runs.</StatePanel>;
  } else {
    timeline = <EventTimeline rows={rows} />;
  }

  const pageTitle = session.data?.title?.trim() || `Session ${shortId(sessionId)}`;
  return (
    <section className="page page--fill" aria-labelledby="session-heading">
      <title>{`${pageTitle} · Tether Watch`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Sessions</Link> <span aria-hidden="true">/</span> <span aria-current="page">{pageTitle}</span>
      </nav>
      {header}
      <div className="timeline-section">
        <h2 className="visually-hidden">Events</h2>
        {history.loadingMore && (
          <output className="muted timeline-section__note">
            Loading history… {formatCount(stored.length)} events so far
          </output>
        )}
        {history.isError && rows.length > 0 && (
          <p className="inline-warning" role="alert">
            Part of the history could not be loaded: {describeError(history.error)}{' '}
            <button type="button" className="button button--quiet" onClick={() => void history.fetchNextPage()}>
              Try again
            </button>
          </p>
        )}
        {timeline}
      </div>
    </section>
  );
}

import { useCallback, useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { StatePanel } from '../../../components/state-panel';
import { RetryButton } from '../../../components/retry-button';
import { describeError, isApiError } from '../../../lib/api/api-error';
import { formatCount, shortId } from '../../../lib/format/format';
import { EARLIER_STEP_EVENTS, useSessionHistory } from '../api/get-session-events';
import { useSession } from '../api/get-session';
import { useRowsOfTypes } from '../hooks/use-rows-of-types';
import { transcriptEventTypes } from '../utils/build-transcript';
import { storedRows, timelineRows } from '../utils/timeline-rows';
import { CompactionPanel } from './compaction-panel';
import { ContextWindowChart } from './context-window-chart';
import { EventLog } from './event-log';
import { RlmPanel } from './rlm-panel';
import { SessionHeader } from './session-header';
import { SessionSourceNote } from './session-source-note';
import { Transcript } from './transcript';
import { useEphemeralEvents } from '../../../live/hooks/use-ephemeral-events';

/** What the transcript and the panels read; text chunks and ticks are left to the live hooks and the log. */
const panelTypes = new Set(['rlm_progress', 'rlm_complete', 'rlm_subcall_fallback', 'compaction_started', 'compaction_completed', 'compaction_failed', 'context_truncated']);

export interface SessionPageProps {
  sessionId: string;
}

const backLink = (
  <Link className="button" to="/">
    Back to sessions
  </Link>
);

/**
 * `/sessions/:id`: header, transcript, RLM and compaction panels, event log.
 * Every view is built from the same rows (the stored events of the history
 * query, read or pushed, with the live ring's ephemeral events woven in; see
 * utils/timeline-rows.ts), so a reload rebuilds the same page; what is in
 * progress comes from the live state through narrow hooks from src/live/hooks.
 */
export function SessionPage({ sessionId }: SessionPageProps) {
  const ephemeral = useEphemeralEvents(sessionId);
  const session = useSession(sessionId);
  const history = useSessionHistory(sessionId);
  const pages = history.data?.pages;
  const stored = useMemo(() => storedRows(pages ?? []), [pages]);
  const rows = useMemo(() => timelineRows(stored, ephemeral), [stored, ephemeral]);
  const transcriptRows = useRowsOfTypes(rows, transcriptEventTypes);
  const panelRows = useRowsOfTypes(rows, panelTypes);
  // Stable, so the memoised log does not re-render when only the summary changed.
  const { loadEarlier } = history;
  const onLoadEarlier = useCallback(() => void loadEarlier(), [loadEarlier]);

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
    header = (
      <>
        <SessionHeader session={session.data} />
        <SessionSourceNote producer={session.data.producer} />
      </>
    );
  } else if (session.isError) {
    header = (
      <StatePanel kind="error" title="This session could not be loaded" action={<RetryButton onRetry={() => void session.refetch()} />}>
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
    timeline = (
      <StatePanel kind="error" title="Events could not be loaded" action={<RetryButton onRetry={() => void history.refetch()} />}>
        {describeError(history.error)}
      </StatePanel>
    );
  } else if (rows.length === 0) {
    timeline = <StatePanel kind="empty" title="No events yet">New events appear here as the session runs.</StatePanel>;
  } else {
    timeline = (
      <>
        <div className="session-layout">
          <Transcript sessionId={sessionId} rows={transcriptRows} />
          <aside className="session-layout__side" aria-label="Context, RLM and compaction">
            {session.data && <ContextWindowChart session={session.data} />}
            <RlmPanel sessionId={sessionId} rows={panelRows} />
            <CompactionPanel rows={panelRows} />
          </aside>
        </div>
        <EventLog sessionId={sessionId} rows={rows} hasEarlier={history.hasPreviousPage} onLoadEarlier={onLoadEarlier} />
      </>
    );
  }

  const pageTitle = session.data?.title?.trim() || `Session ${shortId(sessionId)}`;
  return (
    <section className="page" aria-labelledby="session-heading">
      <title>{`${pageTitle} · Tether Watch`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Sessions</Link> <span aria-hidden="true">/</span> <span aria-current="page">{pageTitle}</span>
      </nav>
      {header}
      <div className="timeline-section">
        {history.hasPreviousPage && (
          <p className="muted timeline-section__note">
            Older events are not loaded.{' '}
            <button type="button" className="button button--quiet" onClick={onLoadEarlier} disabled={history.isFetchingPreviousPage}>
              {history.isFetchingPreviousPage ? 'Loading…' : `Load ${formatCount(EARLIER_STEP_EVENTS)} earlier events`}
            </button>
          </p>
        )}
        {history.loadingMore && (
          <output className="muted timeline-section__note">
            Loading history… {formatCount(stored.length)} events so far
          </output>
        )}
        {history.isError && rows.length > 0 && (
          <p className="inline-warning" role="alert">
            Part of the history could not be loaded: {describeError(history.error)}{' '}
            <RetryButton quiet onRetry={() => void history.fetchNextPage()} />
          </p>
        )}
        {timeline}
      </div>
    </section>
  );
}

import { useCallback, useMemo, useRef } from 'react';
import { useNavigate } from 'react-router';
import { StatePanel } from '../../../components/state-panel';
import { RetryButton } from '../../../components/retry-button';
import { describeError } from '../../../lib/api-error';
import { useBudgets } from '../../../lib/budgets';
import { formatCount } from '../../../lib/format';
import type { LiveStatusFacts } from '../../../lib/session-status';
import { useSessionCosts } from '../../../lib/session-costs';
import { useStatusThresholds } from '../../../lib/status-thresholds';
import { useNow } from '../../../lib/use-now';
import { useUrlViewState } from '../../../lib/url-view-state';
import { useSessions } from '../api/get-sessions';
import { useListKeyboard } from '../hooks/use-list-keyboard';
import { defaultListFilters } from '../utils/list-filters';
import { overviewParamsToSearch, parseOverviewParams, toggleSort, type OverviewParams } from '../utils/overview-params';
import { overviewRows } from '../utils/overview-rows';
import { SessionsFilterBar } from './sessions-filter-bar';
import { SessionsTable, SessionsTableSkeleton } from './sessions-table';

/**
 * The server sends at most this many summaries; the overview sorts and filters
 * them here, because the finer status is derived in the browser. Live pushes keep the page current.
 */
const OVERVIEW_LIMIT = 500;
const serverFilters = { ...defaultListFilters, limit: OVERVIEW_LIMIT };

export interface SessionsPageProps {
  /** Live status facts per session (from the live feature, composed by the app). */
  liveFacts: ReadonlyMap<string, LiveStatusFacts>;
}

/** Typing replaces the history entry instead of adding one per keystroke. */
const typingOnly = (rendered: OverviewParams, next: OverviewParams) => next.q !== rendered.q;

/** Home: every session at a glance, updating live. */
export function SessionsPage({ liveFacts }: SessionsPageProps) {
  const [params, apply] = useUrlViewState(parseOverviewParams, overviewParamsToSearch, typingOnly);
  const navigate = useNavigate();
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow(1_000);
  const { data, error, isPending, isError, refetch, isRefetching } = useSessions(serverFilters);
  const anyRunning = data?.sessions.some((s) => s.status === 'active') ?? false;
  const costs = useSessionCosts(null, { live: anyRunning });
  const budgets = useBudgets();
  const { stalledAfterMs, abandonedAfterMs } = useStatusThresholds();

  const { rows, countsByStatus, activeCount } = useMemo(
    () => overviewRows(data?.sessions ?? [], liveFacts, params, now, { stalledAfterMs, abandonedAfterMs }),
    [data, liveFacts, params, now, stalledAfterMs, abandonedAfterMs],
  );
  const ids = useMemo(() => rows.map((r) => r.summary.session_id), [rows]);
  const open = useCallback((id: string) => void navigate(`/sessions/${encodeURIComponent(id)}`), [navigate]);
  const selectedId = useListKeyboard(ids, open, searchRef);

  const filtered = params.q !== '' || params.status.length > 0;

  let content;
  if (isPending) {
    content = (
      <>
        <output className="visually-hidden">Loading sessions…</output>
        <SessionsTableSkeleton />
      </>
    );
  } else if (isError && !data) {
    content = (
      <StatePanel
        kind="error"
        title="Sessions could not be loaded"
        action={<RetryButton onRetry={() => void refetch()} busy={isRefetching} />}
      >
        {describeError(error)}
      </StatePanel>
    );
  } else if (rows.length === 0) {
    content = filtered ? (
      <StatePanel
        kind="empty"
        title="No sessions match these filters"
        action={
          <button type="button" className="button" onClick={() => apply({ ...params, q: '', status: [] })}>
            Clear filters
          </button>
        }
      />
    ) : (
      <StatePanel kind="empty" title="No sessions yet — start an agent or run the demo">
        Sessions appear here as soon as an agent sends its first event.
      </StatePanel>
    );
  } else {
    content = (
      <>
        <SessionsTable
          rows={rows}
          caption={`Sessions, sorted by ${params.sort}, ${params.order === 'asc' ? 'ascending' : 'descending'}`}
          sorting={{ params, onSort: (sort) => apply(toggleSort(params, sort)) }}
          selectedId={selectedId}
          nowMs={now}
          costs={costs.data}
          budgets={budgets.data}
        />
        <p className="pager muted">
          {formatCount(rows.length)} of {formatCount(data.total)} sessions
          {data.total > OVERVIEW_LIMIT && ` (the ${OVERVIEW_LIMIT} most recently active are listed)`}
        </p>
      </>
    );
  }

  return (
    <section className="page" aria-labelledby="sessions-heading">
      <title>Sessions · Tether Watch</title>
      <header className="page__header">
        <h1 id="sessions-heading">Sessions</h1>
        {isError && data && (
          <p className="inline-warning" role="alert">
            Showing saved data: {describeError(error)}
          </p>
        )}
        {costs.isError && (
          <p className="inline-warning" role="alert">
            Costs could not be loaded: {describeError(costs.error)}
          </p>
        )}
      </header>
      <SessionsFilterBar params={params} countsByStatus={countsByStatus} activeCount={activeCount} onChange={apply} searchRef={searchRef} />
      {content}
    </section>
  );
}

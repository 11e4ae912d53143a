import { useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { RetryButton } from '../../../components/retry-button';
import { StatePanel } from '../../../components/state-panel';
import { describeError } from '../../../lib/api/api-error';
import { useBudgets } from '../../../lib/cost/budgets-api';
import { formatCount, uniqueShortIds } from '../../../lib/format/format';
import { useStatusThresholds } from '../../../lib/sessions/status-thresholds';
import { useNow } from '../../../lib/time/use-now';
import { useUrlViewState } from '../../../lib/url-state/url-view-state';
import { useFrozenSinceMs } from '../../../live/hooks/use-connection-status';
import { useAllLiveStatusFacts } from '../../../live/hooks/use-live-status';
import type { SessionSummary } from '../../../protocol/api-schemas';
import { useSessionPages } from '../api/get-sessions';
import { useCalmOrder } from '../hooks/use-calm-order';
import { useListKeyboard } from '../hooks/use-list-keyboard';
import { overviewParamsToSearch, parseOverviewParams, toggleSort, type OverviewParams } from '../utils/overview-params';
import { overviewQuery } from '../utils/overview-query';
import { CalmBar } from './calm-bar';
import { SessionsFilterBar } from './sessions-filter-bar';
import { SessionsTable, SessionsTableSkeleton, type SessionsTableHandle } from './sessions-table';

/** Typing replaces the history entry instead of adding one per keystroke. */
const typingOnly = (rendered: OverviewParams, next: OverviewParams) => next.q !== rendered.q;

/** Loaded pages overlap when a row moves between two reads: each session once, where it came first. */
function distinctSessions(pages: readonly { sessions: SessionSummary[] }[] | undefined): SessionSummary[] {
  const seen = new Set<string>();
  const rows: SessionSummary[] = [];
  for (const page of pages ?? []) {
    for (const summary of page.sessions) {
      if (seen.has(summary.session_id)) continue;
      seen.add(summary.session_id);
      rows.push(summary);
    }
  }
  return rows;
}

/** Home: every session at a glance, updating live. The server filters, sorts, pages and counts; only rows in view are drawn. */
export function SessionsPage() {
  const liveFacts = useAllLiveStatusFacts();
  /** Since when the live connection is down, so figures cannot update (null: live). */
  const frozenSinceMs = useFrozenSinceMs();
  const [params, apply] = useUrlViewState(parseOverviewParams, overviewParamsToSearch, typingOnly);
  const navigate = useNavigate();
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<SessionsTableHandle>(null);
  const nowSecs = Math.floor(useNow(1_000) / 1000);
  const budgets = useBudgets();
  const thresholds = useStatusThresholds();
  const { stalledAfterMs, abandonedAfterMs } = thresholds;
  const stableThresholds = useMemo(() => ({ stalledAfterMs, abandonedAfterMs }), [stalledAfterMs, abandonedAfterMs]);

  const query = useMemo(() => overviewQuery(params, stalledAfterMs), [params, stalledAfterMs]);
  const { data, error, isPending, isError, isPlaceholderData, refetch, isRefetching, hasNextPage, isFetchingNextPage, fetchNextPage } = useSessionPages(query);
  const latest = useMemo(() => distinctSessions(data?.pages), [data]);
  const first = data?.pages[0];

  // A calm table: the order holds while the pointer is over it, focus is in it, or the operator paused it.
  const [paused, setPaused] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const onHoldChange = useCallback((source: 'pointer' | 'focus', holding: boolean) => (source === 'pointer' ? setHovered : setFocused)(holding), []);
  const holding = paused || hovered || focused;
  const viewKey = `${JSON.stringify(query)}${isPlaceholderData ? ':previous' : ''}`;
  const calm = useCalmOrder(latest, holding, viewKey);

  const shortIds = useMemo(() => uniqueShortIds(calm.ids), [calm.ids]);
  const open = useCallback((id: string) => void navigate(`/sessions/${encodeURIComponent(id)}`), [navigate]);
  const reveal = useCallback((index: number) => tableRef.current?.reveal(index), []);
  const selectedId = useListKeyboard(calm.ids, open, searchRef, reveal);
  const onNearEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

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
      <StatePanel kind="error" title="Sessions could not be loaded" action={<RetryButton onRetry={() => void refetch()} busy={isRefetching} />}>
        {describeError(error)}
      </StatePanel>
    );
  } else if (calm.ids.length === 0) {
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
        <CalmBar paused={paused} holding={holding} waiting={calm.waiting} frozenSinceMs={frozenSinceMs} onPause={setPaused} onApply={calm.apply} />
        <div className={isPlaceholderData ? 'is-stale' : undefined}>
          <SessionsTable
            handle={tableRef}
            ids={calm.ids}
            summaryOf={calm.summaryOf}
            liveFacts={liveFacts}
            shortIds={shortIds}
            caption={`Sessions, sorted by ${params.sort}, ${params.order === 'asc' ? 'ascending' : 'descending'}`}
            sorting={{ params, onSort: (sort) => apply(toggleSort(params, sort)) }}
            selectedId={selectedId}
            nowSecs={nowSecs}
            frozenSinceMs={frozenSinceMs}
            thresholds={stableThresholds}
            budgets={budgets.data}
            scrollRef={scrollRef}
            onHoldChange={onHoldChange}
            onNearEnd={onNearEnd}
          />
        </div>
        <p className="pager muted">
          {formatCount(calm.ids.length)} of {formatCount(first?.total ?? calm.ids.length)} sessions
          {isFetchingNextPage && ' · loading more…'}
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
      </header>
      <SessionsFilterBar params={params} countsByStatus={isPlaceholderData ? undefined : first?.status_counts} onChange={apply} searchRef={searchRef} />
      {content}
    </section>
  );
}

import { useSearchParams } from 'react-router';
import { StatePanel } from '../../../components/state-panel';
import { describeError } from '../../../lib/api-error';
import type { SessionListQuery } from '../../../protocol/api-queries';
import { useSessions } from '../api/get-sessions';
import { defaultListFilters, hasActiveFilters, listFiltersToSearch, parseListFilters } from '../utils/list-filters';
import { SessionsFilterBar } from './sessions-filter-bar';
import { SessionsPager } from './sessions-pager';
import { SessionsTable, SessionsTableSkeleton } from './sessions-table';

const sortLabels: Record<SessionListQuery['sort'], string> = {
  last_seen: 'last activity',
  first_seen: 'start time',
  title: 'title',
  status: 'status',
  tokens: 'tokens',
  events: 'event count',
};

function captionOf(filters: SessionListQuery): string {
  const direction = filters.order === 'desc' ? 'descending' : 'ascending';
  return `Sessions, sorted by ${sortLabels[filters.sort]}, ${direction}`;
}

/** Home: every session, newest activity first, updating live. */
export function SessionsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = parseListFilters(searchParams);
  const { data, error, isPending, isError, isPlaceholderData, refetch, isRefetching } = useSessions(filters);
  const filtered = hasActiveFilters(filters);

  const applyFilters = (next: SessionListQuery) => setSearchParams(new URLSearchParams(listFiltersToSearch(next)));
  const clearFilters = () => applyFilters({ ...defaultListFilters, sort: filters.sort, order: filters.order });

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
        action={
          <button type="button" className="button" onClick={() => void refetch()} disabled={isRefetching}>
            {isRefetching ? 'Retrying…' : 'Try again'}
          </button>
        }
      >
        {describeError(error)}
      </StatePanel>
    );
  } else if (data.sessions.length === 0) {
    content = filtered ? (
      <StatePanel
        kind="empty"
        title="No sessions match these filters"
        action={
          <button type="button" className="button" onClick={clearFilters}>
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
        <div className={isPlaceholderData ? 'is-stale' : undefined}>
          <SessionsTable sessions={data.sessions} caption={captionOf(filters)} />
        </div>
        <SessionsPager filters={filters} shown={data.sessions.length} total={data.total} />
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
      <SessionsFilterBar filters={filters} onChange={applyFilters} />
      {content}
    </section>
  );
}

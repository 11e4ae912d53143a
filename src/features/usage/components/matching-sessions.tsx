import { useState } from 'react';
import { RetryButton } from '../../../components/retry-button';
import { DemoBadge } from '../../../components/demo-badge';
import { SessionLink } from '../../../components/session-link';
import { StatePanel } from '../../../components/state-panel';
import { describeError } from '../../../lib/api/api-error';
import type { UsageView } from '../hooks/use-usage-view';
import type { UsageParams } from '../utils/usage-params';
import { TableRowsNote } from './table-rows-note';
import { TotalsTable } from './totals-table';

/** A narrowed view can still cover hundreds of sessions: the largest first, the rest on request. */
const FIRST_SESSIONS = 10;

/** The sessions behind a narrowed view, each a link to its page. */
export function MatchingSessions({ view, params, onChange }: { view: UsageView; params: UsageParams; onChange: (next: UsageParams) => void }) {
  const { sessionsQuery: query, sessionTotals, sessionTitles, sessionName } = view;
  const [showAll, setShowAll] = useState(false);
  const hidden = showAll ? 0 : Math.max(0, sessionTotals.lines.length - FIRST_SESSIONS);
  const shown = hidden > 0 ? { ...sessionTotals, lines: sessionTotals.lines.slice(0, FIRST_SESSIONS) } : sessionTotals;
  let body;
  if (query.isPending) body = <StatePanel kind="loading" title="Loading sessions…" />;
  else if (query.isError && !query.data)
    body = (
      <StatePanel kind="error" title="Sessions could not be loaded" action={<RetryButton onRetry={() => void query.refetch()} busy={query.isRefetching} />}>
        {describeError(query.error)}
      </StatePanel>
    );
  else if (sessionTotals.lines.length === 0) body = <p className="muted">No session matches these filters in this range.</p>;
  else
    body = (
      <TotalsTable
        table={shown}
        caption="Sessions matching the filters"
        keyHeading="Session"
        renderKey={(line) => (
          <>
            <SessionLink sessionId={line.key}>{sessionName(line.key)}</SessionLink> <DemoBadge producer={sessionTitles.get(line.key)?.producer ?? null} />
          </>
        )}
        extra={{ heading: 'Agent', cell: (line) => sessionTitles.get(line.key)?.agent ?? <span className="muted">—</span> }}
      />
    );
  return (
    <section className="usage-panel" aria-labelledby="usage-sessions-heading">
      <h2 id="usage-sessions-heading" className="usage-panel__heading">
        Matching sessions
      </h2>
      {body}
      {hidden > 0 && (
        <button type="button" className="button button--quiet usage-panel__more" onClick={() => setShowAll(true)}>
          Show {hidden} more sessions
        </button>
      )}
      {/* Every session read is shown: more can be read from the server. */}
      {hidden === 0 && query.data && <TableRowsNote shown={sessionTotals.lines.length} of={query.data.groups ?? sessionTotals.lines.length} params={params} onChange={onChange} />}
    </section>
  );
}

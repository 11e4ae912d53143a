import { RetryButton } from '../../../components/retry-button';
import { DemoBadge } from '../../../components/demo-badge';
import { SessionLink } from '../../../components/session-link';
import { StatePanel } from '../../../components/state-panel';
import { describeError } from '../../../lib/api/api-error';
import type { UsageView } from '../hooks/use-usage-view';
import { NO_AGENT } from '../utils/usage-keys';
import type { UsageParams } from '../utils/usage-params';
import { PricesPanel } from './prices-panel';
import { TotalsTable } from './totals-table';
import { UsageTabs } from './usage-tabs';
import { TableRowsNote } from './table-rows-note';
import { groupLabels } from './view-controls';

export interface UsageBreakdownProps {
  view: UsageView;
  params: UsageParams;
  onChange: (next: UsageParams) => void;
  labelOf: (key: string) => string;
  onSelect: (key: string) => void;
}

/** Under the chart: exact totals by the chosen grouping, and the price rules behind the dollars. */
export function UsageBreakdown({ view, params, onChange, labelOf, onSelect }: UsageBreakdownProps) {
  const { table, totals } = view;
  const groupName = groupLabels[params.group];
  let body;
  if (table.isPending) body = <StatePanel kind="loading" title="Loading totals…" />;
  else if (table.isError && !table.data)
    body = (
      <StatePanel kind="error" title="Totals could not be loaded" action={<RetryButton onRetry={() => void table.refetch()} busy={table.isRefetching} />}>
        {describeError(table.error)}
      </StatePanel>
    );
  else if (params.tab === 'prices') body = <PricesPanel prices={table.data.prices} />;
  else if (totals.lines.length === 0) body = <p className="muted">No usage in this view.</p>;
  else
    body = (
      <>
        <TotalsTable
          table={totals}
          caption={`Usage by ${groupName.toLowerCase()}`}
          keyHeading={groupName}
          renderKey={(line) => {
            if (params.group === 'session')
              return (
                <>
                  <SessionLink sessionId={line.key}>{labelOf(line.key)}</SessionLink>{' '}
                  <DemoBadge producer={view.sessionTitles.get(line.key)?.producer ?? null} />
                </>
              );
            // Sessions that never named their agent cannot be filtered by name.
            if (params.group === 'agent' && line.key === NO_AGENT) return <span className="muted">{NO_AGENT}</span>;
            return (
              <button type="button" className="link-button" title={`Show only ${labelOf(line.key)}`} onClick={() => onSelect(line.key)}>
                {labelOf(line.key)}
              </button>
            );
          }}
        />
        <TableRowsNote shown={totals.lines.length} of={table.data.groups ?? totals.lines.length} params={params} onChange={onChange} />
      </>
    );
  return (
    <section className="usage-panel" aria-label="Breakdown">
      <UsageTabs tab={params.tab} labels={{ totals: `Totals by ${groupName.toLowerCase()}`, prices: 'Prices' }} onChange={(tab) => onChange({ ...params, tab })}>
        {body}
      </UsageTabs>
    </section>
  );
}

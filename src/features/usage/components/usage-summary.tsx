import { formatCount, formatDateTime, formatTokens } from '../../../lib/format/format';
import type { UsageView } from '../hooks/use-usage-view';
import { bucketParam } from '../../../lib/time/time-range';
import { UsageCost } from './usage-cost';

/** The range's bottom line, above the chart: cost, tokens, calls, and the window and bucket they cover. */
export function UsageSummary({ view }: { view: UsageView }) {
  const { total } = view.totals;
  const { range } = view;
  return (
    <div className="usage-summary">
      <dl className="usage-summary__figures">
        <div>
          <dt>Cost</dt>
          <dd>{view.table.data ? <UsageCost costUsd={total.costUsd} unpricedTokens={total.unpricedTokens} reportedCostUsd={total.reportedCostUsd} /> : '—'}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd title={`${formatCount(total.promptTokens)} prompt + ${formatCount(total.completionTokens)} completion`}>
            {view.table.data ? formatTokens(total.totalTokens) : '—'}
          </dd>
        </div>
        <div>
          <dt>Calls</dt>
          <dd>{view.table.data ? formatCount(total.calls) : '—'}</dd>
        </div>
      </dl>
      <p className="muted usage-summary__window">
        {formatDateTime(range.fromMs)} – {range.toMs === null ? 'now' : formatDateTime(range.toMs)} · {bucketParam(range.bucketMs)} bars
        {range.live && <span className="usage-live"> · live</span>}
      </p>
    </div>
  );
}

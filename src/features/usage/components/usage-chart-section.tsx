import { lazy, Suspense } from 'react';
import { StatePanel } from '../../../components/state-panel';
import { RetryButton } from '../../../components/retry-button';
import { describeError } from '../../../lib/api/api-error';
import { useAfterPaint } from '../../../lib/timing/use-after-paint';
import type { UsageView } from '../hooks/use-usage-view';
import { metricLabels } from '../utils/usage-keys';
import type { UsageParams } from '../utils/usage-params';
import { CHART_HEIGHT } from './usage-chart-height';
import { UsageLegend } from './usage-legend';
import { groupLabels } from './view-controls';

// Recharts is most of the page's code: loaded on its own, so the tables do not wait for it to load and run,
// and only once the page has painted (see the component).
const UsageChart = lazy(async () => ({ default: (await import('./usage-chart')).UsageChart }));

function ChartPlaceholder() {
  return (
    <div className="usage-chart-skeleton" style={{ height: CHART_HEIGHT }}>
      <StatePanel kind="loading" title="Loading usage…" />
    </div>
  );
}

export interface UsageChartSectionProps {
  view: UsageView;
  params: UsageParams;
  format: (value: number) => string;
  colourIndex: (key: string) => number;
  labelOf: (key: string) => string;
  onSelect: (key: string) => void;
  onClearFilters: () => void;
}

/** The chart with its legend, or the designed state in its place: loading, failed, nothing in range. */
export function UsageChartSection({ view, params, format, colourIndex, labelOf, onSelect, onClearFilters }: UsageChartSectionProps) {
  const { chart, series } = view;
  // Asked for during the first render, recharts' code (about 390 KB) often arrived, evaluated and
  // rendered before the browser's next frame: a table already committed stayed unpainted for up
  // to 200 ms longer on a cold open of this page.
  const painted = useAfterPaint();
  let body;
  if (chart.isPending) {
    body = <ChartPlaceholder />;
  } else if (chart.isError && !chart.data) {
    body = (
      <StatePanel kind="error" title="Usage could not be loaded" action={<RetryButton onRetry={() => void chart.refetch()} busy={chart.isRefetching} />}>
        {describeError(chart.error)}
      </StatePanel>
    );
  } else if (series.keys.length === 0) {
    body = view.narrowed ? (
      <StatePanel
        kind="empty"
        title="No usage matches these filters in this range"
        action={
          <button type="button" className="button" onClick={onClearFilters}>
            Clear filters
          </button>
        }
      />
    ) : (
      <StatePanel kind="empty" title="No token usage in this range">
        Agents report usage with each model call; pick a longer range or start an agent.
      </StatePanel>
    );
  } else {
    const stackName = `${groupLabels[params.stack].toLowerCase()}s`;
    body = (
      <>
        {painted ? (
          <Suspense fallback={<ChartPlaceholder />}>
            <UsageChart
              series={series}
              bucketMs={view.range.bucketMs}
              format={format}
              colourIndex={colourIndex}
              labelOf={labelOf}
              onSelect={onSelect}
              description={`${metricLabels[params.metric]} over time, stacked by ${groupLabels[params.stack].toLowerCase()}: ${series.keys
                .map((key) => `${labelOf(key)} ${format(series.totals[key] ?? 0)}`)
                .join(', ')}`}
            />
          </Suspense>
        ) : (
          <ChartPlaceholder />
        )}
        <UsageLegend
          series={series}
          format={format}
          colourIndex={colourIndex}
          labelOf={labelOf}
          selected={params.filters[params.stack]}
          onSelect={onSelect}
          name={stackName}
        />
      </>
    );
  }
  return (
    <section className="usage-panel" aria-labelledby="usage-chart-heading" aria-busy={chart.isFetching}>
      <h2 id="usage-chart-heading" className="usage-panel__heading">
        {metricLabels[params.metric]} by {groupLabels[params.stack].toLowerCase()}
      </h2>
      {body}
    </section>
  );
}

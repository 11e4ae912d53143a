import { useCallback } from 'react';
import { TimeRangePicker } from '../../../components/time-range-picker';
import { describeError } from '../../../lib/api/api-error';
import { formatTokens, formatUsdCompact } from '../../../lib/format/format';
import { tokenSources, type TokenSource } from '../../../protocol/token-source';
import { useUsageParams } from '../hooks/use-usage-params';
import { useUsageView } from '../hooks/use-usage-view';
import { narrowFilter, noFilters, type FilterKey } from '../utils/usage-params';
import { DemoToggle } from './demo-toggle';
import { FilterBar } from './filter-bar';
import { MatchingSessions } from './matching-sessions';
import { UsageBreakdown } from './usage-breakdown';
import { UsageChartSection } from './usage-chart-section';
import { UsageExports } from './usage-exports';
import { UsageSummary } from './usage-summary';
import { ViewControls } from './view-controls';

/** The Cost page: where the tokens and the money went, over a time range, by source, model, session or agent. */
export function UsagePage() {
  const [params, apply] = useUsageParams();
  const view = useUsageView(params);

  const labelFor = useCallback(
    (key: FilterKey, value: string) => (key === 'session' ? view.sessionName(value) : value),
    [view],
  );
  const format = params.metric === 'cost' ? formatUsdCompact : formatTokens;
  // Sources keep their colour whatever the range; models are coloured by rank.
  const colourIndex = (key: string) =>
    params.stack === 'source' ? Math.max(0, tokenSources.indexOf(key as TokenSource)) : Math.max(0, view.series.keys.indexOf(key));
  const failed = [view.chart, view.table].find((q) => q.isError && q.data);

  return (
    <section className="page usage-page" aria-labelledby="usage-heading">
      <title>Cost · Tether Watch</title>
      <header className="page__header usage-page__header">
        <h1 id="usage-heading">Cost</h1>
        {failed && (
          <p className="inline-warning" role="alert">
            Showing saved data: {describeError(failed.error)}
          </p>
        )}
        <UsageExports view={view} params={params} />
      </header>
      <div className="usage-controls">
        {/* Keyed by the URL's bounds, so its fields follow back / forward navigation. */}
        <TimeRangePicker
          key={`${params.fromMs}|${params.toMs}`}
          value={params}
          onChange={(range) => apply({ ...params, ...range })}
          shownFromMs={view.range.fromMs}
          nowMs={view.now}
        />
        <ViewControls params={params} onChange={apply} />
        <DemoToggle params={params} onChange={apply} />
      </div>
      <FilterBar params={params} choices={view.choices} labelOf={labelFor} onChange={apply} />
      <UsageSummary view={view} />
      <UsageChartSection
        view={view}
        params={params}
        format={format}
        colourIndex={colourIndex}
        labelOf={(key) => labelFor(params.stack, key)}
        onSelect={(key) => apply(narrowFilter(params, params.stack, key))}
        onClearFilters={() => apply({ ...params, filters: noFilters })}
      />
      {view.narrowed && <MatchingSessions view={view} params={params} onChange={apply} />}
      <UsageBreakdown
        view={view}
        params={params}
        onChange={apply}
        labelOf={(key) => labelFor(params.group, key)}
        onSelect={(key) => apply(narrowFilter(params, params.group, key))}
      />
    </section>
  );
}

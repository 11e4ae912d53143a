import { useMemo } from 'react';
import { AnalyticsCard } from '../../../components/analytics-card';
import { AnalyticsPageShell } from '../../../components/analytics-page-shell';
import { ExportLinks } from '../../../components/export-links';
import { LoadMorePager } from '../../../components/load-more-pager';
import { useAnalyticsParams } from '../../../lib/url-state/use-analytics-params';
import { useCompactionStats } from '../api/get-compaction-stats';
import { useCompactions } from '../api/get-compactions';
import { groupCompactionTraces } from '../utils/group-compaction-traces';
import { CompactionSummary } from './compaction-summary';
import { CompactionTracesTable } from './compaction-traces-table';
import { StrategyMixChart } from './strategy-mix-chart';

/** `/compaction`: every context compaction over a time range, per trace, with what it saved and what it lost. */
export function CompactionPage() {
  const view = useAnalyticsParams();
  const { range, filters } = view;
  const stats = useCompactionStats(filters, range.bucketMs);
  const records = useCompactions(filters);
  const pages = records.data?.pages;
  const traces = useMemo(() => groupCompactionTraces(pages?.flatMap((page) => page.records) ?? []), [pages]);
  const noMix = (stats.data?.strategies_over_time.length ?? 0) === 0;

  return (
    <AnalyticsPageShell title="Compaction" slug="compaction" view={view}>
      {stats.data && <CompactionSummary stats={stats.data} />}
      <AnalyticsCard title="Strategy mix over time" query={stats} empty={noMix} emptyText="No compaction finished in this range">
        {stats.data && <StrategyMixChart stats={stats.data} bucketMs={range.bucketMs} />}
      </AnalyticsCard>
      <AnalyticsCard
        title="Compactions"
        query={records}
        empty={traces.length === 0}
        emptyText="No compactions in this range"
        actions={<ExportLinks view="compactions" filters={filters} label="compaction records" />}
      >
        <CompactionTracesTable traces={traces} />
        <LoadMorePager shown={traces.length} noun={['compaction', 'compactions']} query={records} />
      </AnalyticsCard>
    </AnalyticsPageShell>
  );
}

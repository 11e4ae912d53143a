import { AnalyticsCard } from '../../../components/analytics-card';
import { AnalyticsPageShell } from '../../../components/analytics-page-shell';
import { ExportLinks } from '../../../components/export-links';
import { LoadMorePager } from '../../../components/load-more-pager';
import { useAnalyticsParams } from '../../../lib/url-state/use-analytics-params';
import { useRlmCompletions } from '../api/get-rlm-completions';
import { useRlmFallbacks } from '../api/get-rlm-fallbacks';
import { useRlmStats } from '../api/get-rlm-stats';
import { useRlmTokenSpend } from '../api/get-rlm-token-spend';
import { RlmCompletionsTable } from './rlm-completions-table';
import { RlmFallbackAlerts } from './rlm-fallback-alerts';
import { RlmIterationsChart } from './rlm-iterations-chart';
import { RlmOutcomesChart } from './rlm-outcomes-chart';
import { RlmSpendByModel } from './rlm-spend-by-model';
import { RlmSummary } from './rlm-summary';

/** `/rlm`: how recursive-LM runs went over a time range: outcomes, iterations, spend by model, fallbacks, and every completion. */
export function RlmPage() {
  const view = useAnalyticsParams();
  const { range, filters } = view;
  const stats = useRlmStats(filters, range.bucketMs);
  const spend = useRlmTokenSpend(filters);
  const completions = useRlmCompletions(filters);
  const fallbacks = useRlmFallbacks(filters);
  const records = completions.data?.pages.flatMap((page) => page.records) ?? [];
  const fallbackRecords = fallbacks.data?.pages.flatMap((page) => page.records) ?? [];
  const noStats = !stats.data || stats.data.totals.completions === 0;

  return (
    <AnalyticsPageShell title="RLM" slug="rlm" view={view}>
      {stats.data && <RlmSummary stats={stats.data} spends={spend.data} />}
      <div className="analytics-grid">
        <AnalyticsCard title="Outcomes over time" query={stats} empty={noStats} emptyText="No RLM runs completed in this range">
          {stats.data && <RlmOutcomesChart stats={stats.data} bucketMs={range.bucketMs} />}
        </AnalyticsCard>
        <AnalyticsCard title="Iterations" query={stats} empty={noStats} emptyText="No RLM runs completed in this range">
          {stats.data && <RlmIterationsChart stats={stats.data} />}
        </AnalyticsCard>
        <AnalyticsCard title="Token spend by model" query={spend} empty={(spend.data?.length ?? 0) === 0} emptyText="No RLM tokens used in this range">
          {spend.data && <RlmSpendByModel spends={spend.data} />}
        </AnalyticsCard>
        <AnalyticsCard
          title="Subcall fallbacks"
          query={stats}
          empty={(stats.data?.fallbacks.length ?? 0) === 0}
          emptyText="No subcall fell back to another model"
          actions={<ExportLinks view="rlm-fallbacks" filters={filters} label="subcall fallbacks" />}
        >
          {stats.data && <RlmFallbackAlerts fallbacks={stats.data.fallbacks} recent={fallbackRecords} />}
        </AnalyticsCard>
      </div>
      <AnalyticsCard
        title="Completions"
        query={completions}
        empty={records.length === 0}
        emptyText="No RLM completions in this range"
        actions={<ExportLinks view="rlm-completions" filters={filters} label="RLM completions" />}
      >
        <RlmCompletionsTable records={records} />
        <LoadMorePager shown={records.length} noun={['completion', 'completions']} query={completions} />
      </AnalyticsCard>
    </AnalyticsPageShell>
  );
}

import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { barProps, bucketSpanMs, chartMargin, gridProps, seriesClassName, timeAxisProps, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartLegend } from '../../../components/charts/chart-legend';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import { formatCount } from '../../../lib/format/format';
import { pivotBuckets } from '../../../lib/format/pivot-buckets';
import type { RlmStats } from '../../../protocol/api-schemas';

/** Success first, then the ways an RLM run ends badly; unknown outcomes after them. */
const outcomeOrder = ['converged', 'exhausted', 'failed', 'aborted'];
/** Fixed palette slots, so "failed" is the same colour in every range (2 = green, 1 = orange, 3 = red, 7 = grey). */
const outcomeSeries: Record<string, number> = { converged: 2, exhausted: 1, failed: 3, aborted: 7 };

/** Completions per bucket, stacked by outcome. */
export function RlmOutcomesChart({ stats, bucketMs }: { stats: RlmStats; bucketMs: number }) {
  const { keys, rows } = useMemo(
    () => pivotBuckets(stats.outcomes_over_time.map((o) => ({ bucket_start_ms: o.bucket_start_ms, key: o.outcome, count: o.count })), outcomeOrder),
    [stats.outcomes_over_time],
  );
  const seriesIndex = (key: string) => outcomeSeries[key] ?? 4 + keys.indexOf(key);
  const summary = keys.map((key) => `${key} ${formatCount(stats.totals.by_outcome[key] ?? 0)}`).join(', ');
  return (
    <>
      <div className="chart" style={{ height: 220 }} role="img" aria-label={`RLM outcomes over time: ${summary}`}>
        <BarChart data={rows} responsive style={{ width: '100%', height: '100%' }} margin={chartMargin}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket_start_ms" {...timeAxisProps(bucketMs, bucketSpanMs(rows, bucketMs))} />
          <YAxis {...valueAxisProps(formatCount)} allowDecimals={false} />
          <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={formatCount} seriesIndex={seriesIndex} />} />
          {keys.map((key) => (
            <Bar key={key} dataKey={key} name={key} stackId="outcome" className={seriesClassName(seriesIndex(key))} {...barProps} />
          ))}
        </BarChart>
      </div>
      <ChartLegend entries={keys.map((key) => ({ key, label: key, seriesIndex: seriesIndex(key) }))} />
    </>
  );
}

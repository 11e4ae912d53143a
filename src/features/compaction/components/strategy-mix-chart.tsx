import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { barProps, bucketSpanMs, chartMargin, gridProps, seriesClassName, timeAxisProps, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartLegend } from '../../../components/charts/chart-legend';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import { formatCount } from '../../../lib/format/format';
import { pivotBuckets } from '../../../lib/format/pivot-buckets';
import type { CompactionStats } from '../../../protocol/api-schemas';
import { strategyLabel, strategyOrder } from '../utils/strategy-label';

/** Fixed palette slots per strategy, so colours mean the same in every range; failures are red. */
function seriesOf(key: string, keys: readonly string[]): number {
  if (key === 'rlm') return 0;
  if (key === 'chunk_compress') return 9;
  if (key === 'truncate') return 1;
  if (key.includes('context lost')) return 8;
  if (key.startsWith('failed')) return 3;
  return 4 + keys.indexOf(key);
}

/** Completed compactions per bucket, stacked by strategy, failures on top. */
export function StrategyMixChart({ stats, bucketMs }: { stats: CompactionStats; bucketMs: number }) {
  const { keys, rows } = useMemo(
    () => pivotBuckets(stats.strategies_over_time.map((s) => ({ bucket_start_ms: s.bucket_start_ms, key: s.strategy, count: s.count })), strategyOrder),
    [stats.strategies_over_time],
  );
  const totals = keys.map((key) => `${strategyLabel(key)} ${formatCount(rows.reduce((sum, row) => sum + (row[key] ?? 0), 0))}`);
  return (
    <>
      <div className="chart" style={{ height: 220 }} role="img" aria-label={`Compaction strategies over time: ${totals.join(', ')}`}>
        <BarChart data={rows} responsive style={{ width: '100%', height: '100%' }} margin={chartMargin}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket_start_ms" {...timeAxisProps(bucketMs, bucketSpanMs(rows, bucketMs))} />
          <YAxis {...valueAxisProps(formatCount)} allowDecimals={false} />
          <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={formatCount} seriesIndex={(key) => seriesOf(key, keys)} />} />
          {keys.map((key) => (
            <Bar key={key} dataKey={key} name={strategyLabel(key)} stackId="strategy" className={seriesClassName(seriesOf(key, keys))} {...barProps} />
          ))}
        </BarChart>
      </div>
      <ChartLegend entries={keys.map((key) => ({ key, label: strategyLabel(key), seriesIndex: seriesOf(key, keys) }))} />
    </>
  );
}

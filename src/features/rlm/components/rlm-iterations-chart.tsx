import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { barProps, chartMargin, gridProps, seriesClassName, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import { formatCount } from '../../../lib/format/format';
import type { RlmStats } from '../../../protocol/api-schemas';
import { iterationsHistogram } from '../utils/iterations-histogram';

/** How many iterations RLM runs took: a histogram, one bar per count. */
export function RlmIterationsChart({ stats }: { stats: RlmStats }) {
  const bars = useMemo(() => iterationsHistogram(stats.iterations), [stats.iterations]);
  const median = stats.totals.median_iterations;
  return (
    <div
      className="chart"
      style={{ height: 240 }}
      role="img"
      aria-label={`Iterations per RLM run${median === null ? '' : `, median ${formatCount(median)}`}: ${bars
        .filter((b) => b.count > 0)
        .map((b) => `${b.iterations} iterations ×${b.count}`)
        .join(', ')}`}
    >
      <BarChart data={bars} responsive style={{ width: '100%', height: '100%' }} margin={chartMargin}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey="iterations" tickLine={false} className="chart-axis" />
        <YAxis {...valueAxisProps(formatCount)} allowDecimals={false} />
        <Tooltip
          {...tooltipProps}
          content={<ChartTooltip valueFormatter={(n) => `${formatCount(n)} runs`} labelFormatter={(label) => `${String(label)} iterations`} />}
        />
        <Bar dataKey="count" name="runs" className={seriesClassName(0)} {...barProps} />
      </BarChart>
    </div>
  );
}

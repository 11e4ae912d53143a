import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { barProps, bucketSpanMs, chartMargin, gridProps, seriesClassName, timeAxisProps, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import type { StackedSeries } from '../utils/usage-series';
import { CHART_HEIGHT } from './usage-chart-height';

interface ChartPoint {
  bucket_start_ms: number;
  values: Map<string, number>;
}

export interface UsageChartProps {
  series: StackedSeries;
  bucketMs: number;
  /** Formats a value of the chosen metric (tokens or dollars). */
  format: (value: number) => string;
  colourIndex: (key: string) => number;
  labelOf: (key: string) => string;
  /** A click on a bar segment: narrow the view to that series. */
  onSelect: (key: string) => void;
  /** Spoken summary of what the chart shows (the SVG itself says little to a screen reader). */
  description: string;
}

/** Usage over time, one stacked bar per bucket, one segment per series. */
export function UsageChart({ series, bucketMs, format, colourIndex, labelOf, onSelect, description }: UsageChartProps) {
  // Recharts spreads each data point onto its bar's SVG element as attributes: a null-prototype
  // `values` cannot become an attribute string and crashed the page as soon as a bar was drawn.
  // A Map reads keys as data too (a series named `constructor` is still a series) and stringifies.
  const points = useMemo(() => series.points.map((point) => ({ bucket_start_ms: point.bucket_start_ms, values: new Map(Object.entries(point.values)) })), [series.points]);
  return (
    <div className="chart usage-chart" role="figure" aria-label={description}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={points} margin={chartMargin} accessibilityLayer>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket_start_ms" {...timeAxisProps(bucketMs, bucketSpanMs(points, bucketMs))} />
          <YAxis {...valueAxisProps(format)} />
          <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={format} seriesIndex={colourIndex} nameFormatter={labelOf} />} />
          {series.keys.map((key) => (
            <Bar
              key={key}
              // An accessor, not the key as a string: model names contain dots, which recharts would read as a path.
              dataKey={(point: ChartPoint) => point.values.get(key) ?? 0}
              name={key}
              stackId="usage"
              className={seriesClassName(colourIndex(key))}
              onClick={() => onSelect(key)}
              {...barProps}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

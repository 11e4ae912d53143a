import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { barProps, chartMargin, gridProps, seriesClassName, timeAxisProps, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import type { SeriesPoint, StackedSeries } from '../utils/usage-series';

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

export const CHART_HEIGHT = 280;

/** Usage over time, one stacked bar per bucket, one segment per series. */
export function UsageChart({ series, bucketMs, format, colourIndex, labelOf, onSelect, description }: UsageChartProps) {
  return (
    <div className="chart usage-chart" role="figure" aria-label={description}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={series.points} margin={chartMargin} accessibilityLayer>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey="bucket_start_ms" {...timeAxisProps(bucketMs)} />
          <YAxis {...valueAxisProps(format)} />
          <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={format} seriesIndex={colourIndex} nameFormatter={labelOf} />} />
          {series.keys.map((key) => (
            <Bar
              key={key}
              // An accessor, not the key as a string: model names contain dots, which recharts would read as a path.
              dataKey={(point: SeriesPoint) => point.values[key] ?? 0}
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

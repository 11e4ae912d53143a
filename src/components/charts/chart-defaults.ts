// Shared recharts defaults, so every chart in the dashboard reads alike in both themes.
//
// How to use (recharts 3):
//   <div className="chart" style={{ height: 280 }}>
//     <BarChart data={rows} responsive style={{ width: '100%', height: '100%' }} margin={chartMargin}>
//       <CartesianGrid {...gridProps} />
//       <XAxis dataKey="bucket_start_ms" {...timeAxisProps(bucketMs)} />
//       <YAxis {...valueAxisProps(formatTokens)} />
//       <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={formatTokens} />} />
//       {keys.map((key, i) => <Bar key={key} name={key} dataKey={(row) => row.values[key]} stackId="a" className={seriesClassName(i)} {...barProps} />)}
//     </BarChart>
//   </div>
//
// A series key that may hold a dot (model names: gpt-4.1) must be read with an
// accessor dataKey: recharts reads a string dataKey as a path. ChartTooltip
// identifies series by `name`.
//
// Colours live in CSS (src/styles/charts.css), not in props: SVG presentation
// attributes cannot read CSS variables reliably, and a class lets the theme
// toggle recolour a chart without re-rendering it. Axis text, grid lines and
// the hover cursor are styled there from the theme tokens; series colours are
// `seriesClassName(i)` on the graphical item plus `seriesSwatchClassName(i)`
// for HTML legends and tooltips.

import { formatClockTime, formatDate } from '../../lib/format';

/** How many distinct series colours the palette has; further series reuse them in order. */
export const SERIES_COLOUR_COUNT = 10;

/** Class for a recharts Bar/Area/Line: colours its shapes from `--series-N`. */
export function seriesClassName(index: number): string {
  return `chart-series chart-series-${index % SERIES_COLOUR_COUNT}`;
}

/** Class for an HTML swatch (legend entry, tooltip row) in the same colour as `seriesClassName(index)`. */
export function seriesSwatchClassName(index: number): string {
  return `chart-swatch chart-series-${index % SERIES_COLOUR_COUNT}`;
}

export const chartMargin = { top: 8, right: 12, bottom: 4, left: 4 } as const;

export const gridProps = { vertical: false, className: 'chart-grid' } as const;

/** No entry animation: live charts redraw every few seconds and a re-growing bar reads as a change. */
export const barProps = { isAnimationActive: false, maxBarSize: 48 } as const;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Tick label for a bucket start: clock time inside a day, the date for day buckets. */
export function timeTickFormatter(bucketMs: number): (value: number) => string {
  if (bucketMs >= DAY) return (value) => formatDate(value);
  // HH:MM is enough for minute buckets; formatClockTime gives HH:MM:SS.mmm.
  return (value) => formatClockTime(value).slice(0, bucketMs >= MINUTE ? 5 : 8);
}

/** A time X axis over bucket starts (numbers, ms). */
export function timeAxisProps(bucketMs: number) {
  return {
    type: 'number' as const,
    scale: 'time' as const,
    domain: ['dataMin - ' + bucketMs / 2, 'dataMax + ' + bucketMs / 2] as [string, string],
    tickFormatter: timeTickFormatter(bucketMs),
    tickLine: false,
    minTickGap: 24,
    className: 'chart-axis',
  };
}

/** A value Y axis with the page's number formatting. */
export function valueAxisProps(format: (value: number) => string) {
  return { tickFormatter: format, tickLine: false, axisLine: false, width: 64, className: 'chart-axis' };
}

/** Tooltip defaults: the cursor is styled in CSS; the content is ChartTooltip. */
export const tooltipProps = { isAnimationActive: false, cursor: { className: 'chart-cursor' } } as const;

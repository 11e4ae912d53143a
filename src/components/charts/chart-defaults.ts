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

import { formatClockTime, formatDate, formatDayMinute, formatHourMinute } from '../../lib/format/format';

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

/**
 * Tick label for a bucket start: the date for day buckets; over more than a
 * day the date with the time ("24 Nov, 13:00"), or "13:00" would repeat each
 * day; clock time inside a day. In the app's zone (see src/lib/time/time-zone-store.ts).
 */
export function timeTickFormatter(bucketMs: number, spanMs = 0, timeZone?: string): (value: number) => string {
  if (bucketMs >= DAY) return (value) => formatDate(value, timeZone);
  if (spanMs > DAY) return (value) => formatDayMinute(value, timeZone);
  if (bucketMs >= MINUTE) return (value) => formatHourMinute(value, timeZone);
  return (value) => formatClockTime(value, timeZone).slice(0, 8);
}

/** How much time a series of buckets covers, first bucket start to last bucket end. */
export function bucketSpanMs(points: readonly { bucket_start_ms: number }[], bucketMs: number): number {
  if (points.length === 0) return 0;
  let first = Infinity;
  let last = -Infinity;
  for (const point of points) {
    first = Math.min(first, point.bucket_start_ms);
    last = Math.max(last, point.bucket_start_ms);
  }
  return last - first + bucketMs;
}

/** A time X axis over bucket starts (numbers, ms); `spanMs` (see bucketSpanMs) decides whether ticks need dates. */
export function timeAxisProps(bucketMs: number, spanMs = 0) {
  return {
    type: 'number' as const,
    scale: 'time' as const,
    domain: ['dataMin - ' + bucketMs / 2, 'dataMax + ' + bucketMs / 2] as [string, string],
    tickFormatter: timeTickFormatter(bucketMs, spanMs),
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

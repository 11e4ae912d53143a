import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, Tooltip, usePlotArea, XAxis, YAxis } from 'recharts';
import { chartMargin, gridProps, seriesClassName, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import { formatClockTime, formatTokens, formatZonedClock } from '../../../lib/format/format';
import type { ContextMarker, ContextPoint } from '../utils/context-chart-data';
import { baselineNear, contextTimeDomain, estimateLabelWidth, placeBesideLine, placeCentred, type PlotBox } from '../utils/context-chart-layout';

/** Chart label text size in px (context-window.css: .context-chart-label). */
const LABEL_PX = 11;

interface ChartLabelProps {
  /** Filled in by recharts: the reference line's or dot's box. */
  viewBox?: Partial<PlotBox>;
  text: string;
  className: string;
  /** `marker`: beside a vertical line, at the top; `point`: centred above a dot; `budget`: at the right end, above a horizontal line. */
  at: 'marker' | 'point' | 'budget';
}

/**
 * A reference line's or dot's words, placed by context-chart-layout.ts so they
 * stay whole inside the plot: recharts' own positions run off its edge for a
 * line near the left side or a dot near the top.
 */
function ChartLabel({ viewBox, text, className, at }: ChartLabelProps) {
  const plot = usePlotArea();
  if (!plot || !viewBox || viewBox.x === undefined || viewBox.y === undefined) return null;
  const width = estimateLabelWidth(text);
  const boxWidth = viewBox.width ?? 0;
  const boxHeight = viewBox.height ?? 0;
  let place;
  let y;
  if (at === 'marker') {
    place = placeBesideLine(viewBox.x, width, plot);
    y = plot.y + LABEL_PX + 2;
  } else if (at === 'point') {
    place = placeCentred(viewBox.x + boxWidth / 2, width, plot);
    y = baselineNear(viewBox.y + boxHeight / 2, plot, LABEL_PX, 10);
  } else {
    place = placeBesideLine(plot.x + plot.width, width, plot);
    y = baselineNear(viewBox.y, plot, LABEL_PX, 4);
  }
  return (
    <text x={place.x} y={y} textAnchor={place.textAnchor} className={`context-chart-label ${className}`}>
      {text}
    </text>
  );
}

/**
 * The recharts half of the context-window chart, in its own chunk: the session
 * page loads it only when the chart scrolls into view. One sample is a dot with
 * its value and the budget as a line (an area needs two points); two or more
 * are an area. Ticks are bare clock times (the legend names the zone); the
 * tooltip names it too. `timeZone` is the app's, passed so a switch redraws.
 */
export default function ContextWindowPlot({ points, markers, timeZone }: { points: readonly ContextPoint[]; markers: readonly ContextMarker[]; timeZone: string }) {
  const domain = contextTimeDomain([...points.map((p) => p.ts_ms), ...markers.map((m) => m.ts_ms)]);
  const lone = points.length === 1 ? points[0]! : null;
  const tick = (ms: number) => formatClockTime(ms, timeZone).slice(0, 8);
  return (
    <ComposedChart data={points as ContextPoint[]} responsive style={{ width: '100%', height: '100%' }} margin={{ ...chartMargin, top: 18 }}>
      <CartesianGrid {...gridProps} />
      <XAxis dataKey="ts_ms" type="number" scale="time" domain={domain} tickFormatter={tick} tickLine={false} minTickGap={32} className="chart-axis" />
      <YAxis {...valueAxisProps(formatTokens)} domain={[0, 'auto']} />
      <Tooltip
        {...tooltipProps}
        content={<ChartTooltip valueFormatter={formatTokens} labelFormatter={(label) => (typeof label === 'number' ? formatZonedClock(label, { timeZone }) : '')} />}
      />
      <Area dataKey="request_tokens" name="request tokens" type="monotone" className={seriesClassName(0)} dot={points.length === 2} isAnimationActive={false} />
      {!lone && <Line dataKey="budget" name="budget" type="stepAfter" className="context-budget-line" dot={false} isAnimationActive={false} />}
      {lone && (
        <ReferenceLine
          y={lone.budget}
          ifOverflow="extendDomain"
          className="context-budget-line context-budget-line--lone"
          label={<ChartLabel text={`budget ${formatTokens(lone.budget)}`} className="context-chart-label--budget" at="budget" />}
        />
      )}
      {lone && (
        <ReferenceDot
          x={lone.ts_ms}
          y={lone.request_tokens}
          r={5}
          className="context-sample-dot"
          label={<ChartLabel text={`${formatTokens(lone.request_tokens)} tokens`} className="context-chart-label--value" at="point" />}
        />
      )}
      {markers.map((marker) => (
        <ReferenceLine
          key={`${marker.kind}-${marker.ts_ms}`}
          x={marker.ts_ms}
          ifOverflow="extendDomain"
          className={`context-marker context-marker--${marker.kind}`}
          label={marker.showLabel ? <ChartLabel text={marker.label} className="context-marker__label" at="marker" /> : undefined}
        />
      ))}
      {markers
        .filter((marker) => marker.tokens !== null)
        .map((marker) => (
          <ReferenceDot
            key={`dot-${marker.kind}-${marker.ts_ms}`}
            x={marker.ts_ms}
            y={marker.tokens!}
            r={4}
            ifOverflow="extendDomain"
            className={`context-marker-dot context-marker--${marker.kind}`}
          />
        ))}
    </ComposedChart>
  );
}

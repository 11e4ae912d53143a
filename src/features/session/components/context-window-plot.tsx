import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { chartMargin, gridProps, seriesClassName, tooltipProps, valueAxisProps } from '../../../components/charts/chart-defaults';
import { ChartTooltip } from '../../../components/charts/chart-tooltip';
import { formatClockTime, formatTokens } from '../../../lib/format';
import type { ContextMarker, ContextPoint } from '../utils/context-chart-data';

const clock = (ms: number) => formatClockTime(ms).slice(0, 8);

/**
 * The recharts half of the context-window chart, in its own chunk: the session
 * page loads it only when the chart scrolls into view.
 */
export default function ContextWindowPlot({ points, markers }: { points: readonly ContextPoint[]; markers: readonly ContextMarker[] }) {
  return (
    <ComposedChart data={points as ContextPoint[]} responsive style={{ width: '100%', height: '100%' }} margin={{ ...chartMargin, top: 18 }}>
      <CartesianGrid {...gridProps} />
      <XAxis dataKey="ts_ms" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={clock} tickLine={false} minTickGap={32} className="chart-axis" />
      <YAxis {...valueAxisProps(formatTokens)} domain={[0, 'auto']} />
      <Tooltip {...tooltipProps} content={<ChartTooltip valueFormatter={formatTokens} labelFormatter={(label) => (typeof label === 'number' ? clock(label) : '')} />} />
      <Area dataKey="request_tokens" name="request tokens" type="monotone" className={seriesClassName(0)} isAnimationActive={false} />
      <Line dataKey="budget" name="budget" type="stepAfter" className="context-budget-line" dot={false} isAnimationActive={false} />
      {markers.map((marker) => (
        <ReferenceLine
          key={`${marker.kind}-${marker.ts_ms}`}
          x={marker.ts_ms}
          ifOverflow="extendDomain"
          className={`context-marker context-marker--${marker.kind}`}
          label={marker.showLabel ? { value: marker.label, position: 'insideTopRight', className: 'context-marker__label' } : undefined}
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

import { formatDateTime } from '../../lib/format/format';
import { seriesSwatchClassName } from './chart-defaults';

interface TooltipEntry {
  name?: string | number;
  value?: unknown;
}

export interface ChartTooltipProps {
  /** Filled in by recharts when it clones this element. */
  active?: boolean;
  payload?: readonly TooltipEntry[];
  label?: unknown;
  /** Formats each series' value (tokens, dollars...). */
  valueFormatter: (value: number) => string;
  /** Each series' palette index, so the swatch matches its bar; by series name. */
  seriesIndex?: (key: string) => number;
  /** Display name of a series (a session's title for its id...); the name itself by default. */
  nameFormatter?: (key: string) => string;
  /** Formats the label (the X value); bucket starts by default. */
  labelFormatter?: (label: unknown) => string;
}

const defaultLabel = (label: unknown) => (typeof label === 'number' ? formatDateTime(label) : String(label ?? ''));

/**
 * HTML tooltip in the theme's surface colours (CSS: .chart-tooltip); series
 * with no value at this point are left out, largest first.
 */
export function ChartTooltip({ active, payload, label, valueFormatter, seriesIndex, nameFormatter, labelFormatter = defaultLabel }: ChartTooltipProps) {
  if (!active || !payload || payload.length === 0) return null;
  const entries = payload
    // The series name is the key: a dataKey may be an accessor function (keys with dots must not be read as paths).
    .map((entry) => ({ key: String(entry.name ?? ''), value: Number(entry.value) }))
    .filter((entry) => Number.isFinite(entry.value) && entry.value !== 0)
    .sort((a, b) => b.value - a.value);
  if (entries.length === 0) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__label">{labelFormatter(label)}</p>
      <ul>
        {entries.map((entry, i) => (
          <li key={entry.key}>
            <span className={seriesSwatchClassName(seriesIndex ? seriesIndex(entry.key) : i)} aria-hidden="true" />
            <span className="chart-tooltip__name">{nameFormatter ? nameFormatter(entry.key) : entry.key}</span>
            <span className="chart-tooltip__value">{valueFormatter(entry.value)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

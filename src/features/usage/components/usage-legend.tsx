import { seriesSwatchClassName } from '../../../components/charts/chart-defaults';
import { formatPercent } from '../../../lib/format/format';
import type { StackedSeries } from '../utils/usage-series';

export interface UsageLegendProps {
  series: StackedSeries;
  format: (value: number) => string;
  colourIndex: (key: string) => number;
  labelOf: (key: string) => string;
  /** Keys the view is narrowed to; their entries read as pressed. */
  selected: readonly string[];
  onSelect: (key: string) => void;
  /** What the entries are (sources, models), for the list's name. */
  name: string;
}

/** The chart's legend as buttons (reachable by keyboard, unlike SVG legend items): each series' total and share; a click narrows to it. */
export function UsageLegend({ series, format, colourIndex, labelOf, selected, onSelect, name }: UsageLegendProps) {
  return (
    <ul className="usage-legend" aria-label={`Chart legend: ${name}`}>
      {series.keys.map((key) => {
        const total = series.totals[key] ?? 0;
        const share = series.grandTotal > 0 ? formatPercent(total / series.grandTotal) : '';
        return (
          <li key={key}>
            <button
              type="button"
              className="usage-legend__entry"
              aria-pressed={selected.includes(key)}
              aria-label={`${labelOf(key)}: ${format(total)}${share ? `, ${share}` : ''}`}
              title={`Show only ${labelOf(key)}`}
              onClick={() => onSelect(key)}
            >
              <span className={seriesSwatchClassName(colourIndex(key))} aria-hidden="true" />
              <span className="usage-legend__name">{labelOf(key)}</span>
              <span className="usage-legend__value">{format(total)}</span>
              <span className="usage-legend__share muted">{share}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

import { seriesSwatchClassName } from './chart-defaults';

/**
 * A plain HTML legend in the series colours (recharts' own legend paints its
 * icons from props, which cannot follow the theme's CSS colours).
 */
export function ChartLegend({ entries }: { entries: readonly { key: string; label: string; seriesIndex: number }[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {entries.map((entry) => (
        <li key={entry.key}>
          <span className={seriesSwatchClassName(entry.seriesIndex)} />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

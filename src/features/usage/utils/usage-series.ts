import type { UsageRow } from '../../../protocol/cost-schemas';
import { metricValue, type UsageMetric } from '../../../protocol/usage-metric';
import { rowKey } from './usage-keys';
import type { StackKey } from './usage-params';

export interface SeriesPoint {
  bucket_start_ms: number;
  /** Value per series key; a key absent from a bucket is 0. */
  values: Record<string, number>;
}

export interface StackedSeries {
  points: SeriesPoint[];
  /** Series keys, largest total first: the biggest spender sits at the bottom of the stack and the top of the legend. */
  keys: string[];
  totals: Record<string, number>;
  grandTotal: number;
}

/**
 * Pivots bucketed rows (grouped by `stack`) into one point per bucket with a
 * value per series, over `buckets` when given so empty buckets still take
 * their place on the axis. Rows of the same bucket and key are summed.
 */
/** Keys are series names, which may be session ids like `constructor`: a null prototype keeps them data. */
const emptyValues = (): Record<string, number> => Object.create(null) as Record<string, number>;

export function stackSeries(rows: readonly UsageRow[], stack: StackKey, metric: UsageMetric, buckets: readonly number[] = []): StackedSeries {
  const byBucket = new Map<number, Record<string, number>>();
  for (const start of buckets) byBucket.set(start, emptyValues());
  const totals = emptyValues();
  for (const row of rows) {
    if (row.bucket_start_ms === undefined) continue;
    const key = rowKey(row, stack);
    const value = metricValue(row, metric);
    let values = byBucket.get(row.bucket_start_ms);
    if (!values) byBucket.set(row.bucket_start_ms, (values = emptyValues()));
    values[key] = (values[key] ?? 0) + value;
    totals[key] = (totals[key] ?? 0) + value;
  }
  const keys = Object.keys(totals).sort((a, b) => totals[b]! - totals[a]! || a.localeCompare(b));
  const points = [...byBucket.entries()].sort(([a], [b]) => a - b).map(([bucket_start_ms, values]) => ({ bucket_start_ms, values }));
  const grandTotal = keys.reduce((sum, key) => sum + totals[key]!, 0);
  return { points, keys, totals, grandTotal };
}

import type { CompactionRecord } from '#protocol/api-schemas';

// The arithmetic behind the RLM and compaction analytics, kept out of SQL so that
// every store computes it the same way (and it is tested without a database).

/**
 * Where the median sits in `n` sorted values: skip `offset`, read `count` (1 for an
 * odd n, the two middle values for an even one, to be averaged). Null for n = 0.
 */
export function medianWindow(n: number): { offset: number; count: 1 | 2 } | null {
  if (n <= 0) return null;
  return n % 2 === 1 ? { offset: (n - 1) / 2, count: 1 } : { offset: n / 2 - 1, count: 2 };
}

/** The median of sorted values read through `medianWindow`: the middle one, or the mean of the middle two. */
export function medianOfWindow(middle: readonly number[]): number | null {
  if (middle.length === 0) return null;
  return middle.length === 1 ? middle[0]! : (middle[0]! + middle[1]!) / 2;
}

/** The median of a distribution given as (value, count) pairs in any order; null when it is empty. */
export function medianOfCounts(distribution: readonly { value: number; count: number }[]): number | null {
  const sorted = [...distribution].filter((d) => d.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, d) => sum + d.count, 0);
  const window = medianWindow(n);
  if (window === null) return null;
  const at = (index: number): number => {
    let seen = 0;
    for (const d of sorted) {
      seen += d.count;
      if (index < seen) return d.value;
    }
    throw new Error('index past the distribution'); // unreachable: index < n
  };
  const middle = window.count === 1 ? [at(window.offset)] : [at(window.offset), at(window.offset + 1)];
  return medianOfWindow(middle);
}

/** The start of the bucket `tsMs` falls in: buckets are aligned on the Unix epoch, like the usage aggregate's. */
export const bucketStartMs = (tsMs: number, bucketMs: number): number => Math.floor(tsMs / bucketMs) * bucketMs;

/** Label of a truncation in strategies_over_time: it is the terminal path, and the dropped context is gone. */
export const truncationStrategyLabel = 'truncate (context lost)';

/**
 * What a compaction record counts as in strategies_over_time: a completed one under
 * its strategy, a failed one under `failed:<the strategy it fell back to, or none>`,
 * a truncation under `truncate (context lost)`. Started records are not outcomes: null.
 */
export function compactionStrategyLabel(kind: CompactionRecord['kind'], strategy: string | null): string | null {
  switch (kind) {
    case 'completed':
      return strategy ?? 'unknown';
    case 'failed':
      return `failed:${strategy ?? 'none'}`;
    case 'truncated':
      return truncationStrategyLabel;
    case 'started':
      return null;
  }
}

/** A compaction count per (bucket, kind, strategy), as a store's GROUP BY returns it. */
export interface CompactionKindCount {
  bucket_start_ms: number;
  kind: CompactionRecord['kind'];
  strategy: string | null;
  count: number;
}

/**
 * strategies_over_time from per-(bucket, kind, strategy) counts: each merged under its
 * label (a label may cover several), started records left out, by bucket then label
 * (byte order, whatever the database's collation).
 */
export function strategiesOverTime(rows: readonly CompactionKindCount[]): { bucket_start_ms: number; strategy: string; count: number }[] {
  const merged = new Map<string, { bucket_start_ms: number; strategy: string; count: number }>();
  for (const row of rows) {
    const strategy = compactionStrategyLabel(row.kind, row.strategy);
    if (strategy === null) continue;
    const key = `${row.bucket_start_ms}\u0000${strategy}`;
    const entry = merged.get(key);
    if (entry === undefined) merged.set(key, { bucket_start_ms: row.bucket_start_ms, strategy, count: row.count });
    else entry.count += row.count;
  }
  return [...merged.values()].sort(
    (a, b) => a.bucket_start_ms - b.bucket_start_ms || (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0),
  );
}

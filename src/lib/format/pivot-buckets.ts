/** One count of one series in one time bucket, as the stats endpoints send them. */
export interface BucketCount {
  bucket_start_ms: number;
  /** The series: an outcome, a strategy... */
  key: string;
  count: number;
}

export type BucketRow = { bucket_start_ms: number } & Record<string, number>;

/**
 * Long rows (bucket, series, count) to one row per bucket with a column per
 * series, the shape a stacked recharts chart reads. Buckets ascending; missing
 * series are 0 so stacks line up; series in `order` first, then by total, largest first. Pure.
 */
export function pivotBuckets(counts: readonly BucketCount[], order: readonly string[] = []): { keys: string[]; rows: BucketRow[] } {
  const totals = new Map<string, number>();
  const byBucket = new Map<number, Map<string, number>>();
  for (const { bucket_start_ms, key, count } of counts) {
    totals.set(key, (totals.get(key) ?? 0) + count);
    let bucket = byBucket.get(bucket_start_ms);
    if (!bucket) byBucket.set(bucket_start_ms, (bucket = new Map()));
    bucket.set(key, (bucket.get(key) ?? 0) + count);
  }
  const rank = (key: string) => {
    const at = order.indexOf(key);
    return at === -1 ? order.length : at;
  };
  const keys = [...totals.keys()].sort((a, b) => rank(a) - rank(b) || totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1));
  const rows = [...byBucket.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket_start_ms, values]) => {
      const row: BucketRow = { bucket_start_ms } as BucketRow;
      for (const key of keys) row[key] = values.get(key) ?? 0;
      return row;
    });
  return { keys, rows };
}

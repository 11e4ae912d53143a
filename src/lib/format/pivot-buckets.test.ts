import { describe, expect, it } from 'vitest';
import { pivotBuckets } from './pivot-buckets';

describe('pivotBuckets', () => {
  it('makes one row per bucket with every series, zero where missing', () => {
    const { keys, rows } = pivotBuckets([
      { bucket_start_ms: 2_000, key: 'failed', count: 1 },
      { bucket_start_ms: 1_000, key: 'converged', count: 3 },
      { bucket_start_ms: 2_000, key: 'converged', count: 2 },
    ]);
    expect(keys).toEqual(['converged', 'failed']);
    expect(rows).toEqual([
      { bucket_start_ms: 1_000, converged: 3, failed: 0 },
      { bucket_start_ms: 2_000, converged: 2, failed: 1 },
    ]);
  });

  it('puts the given order first, then the rest by total', () => {
    const counts = [
      { bucket_start_ms: 0, key: 'b', count: 1 },
      { bucket_start_ms: 0, key: 'c', count: 5 },
      { bucket_start_ms: 0, key: 'a', count: 2 },
    ];
    expect(pivotBuckets(counts, ['a']).keys).toEqual(['a', 'c', 'b']);
  });

  it('adds up repeated rows and handles nothing', () => {
    expect(pivotBuckets([{ bucket_start_ms: 0, key: 'x', count: 1 }, { bucket_start_ms: 0, key: 'x', count: 2 }]).rows).toEqual([{ bucket_start_ms: 0, x: 3 }]);
    expect(pivotBuckets([])).toEqual({ keys: [], rows: [] });
  });
});

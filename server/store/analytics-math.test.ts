import { describe, expect, it } from 'vitest';
import { bucketStartMs, compactionStrategyLabel, medianOfCounts, medianOfWindow, medianWindow, strategiesOverTime } from './analytics-math';
import { contextSampleIntervalMs, isContextSampleDue } from './context-sampling';

/** The median by sorting every value: the reference the window arithmetic is checked against. */
function naiveMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('medians', () => {
  it('reads the middle value of an odd count and the middle two of an even one', () => {
    expect(medianWindow(0)).toBeNull();
    expect(medianWindow(1)).toEqual({ offset: 0, count: 1 });
    expect(medianWindow(4)).toEqual({ offset: 1, count: 2 });
    expect(medianWindow(5)).toEqual({ offset: 2, count: 1 });
    expect(medianOfWindow([])).toBeNull();
    expect(medianOfWindow([7])).toBe(7);
    expect(medianOfWindow([3, 4])).toBe(3.5);
  });

  it('agrees with sorting every value, for window and distribution alike', () => {
    for (const values of [[5], [2, 3, 5, 5], [9, 1, 7], [1, 1, 1, 100], [4, 4, 4, 4, 2, 8], []]) {
      const sorted = [...values].sort((a, b) => a - b);
      const window = medianWindow(sorted.length);
      const viaWindow = window === null ? null : medianOfWindow(sorted.slice(window.offset, window.offset + window.count));
      const counts = new Map<number, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      const viaCounts = medianOfCounts([...counts].map(([value, count]) => ({ value, count })));
      expect([viaWindow, viaCounts]).toEqual([naiveMedian(values), naiveMedian(values)]);
    }
  });

  it('ignores empty entries of a distribution, in any order', () => {
    expect(medianOfCounts([{ value: 9, count: 1 }, { value: 1, count: 0 }, { value: 3, count: 2 }])).toBe(3);
    expect(medianOfCounts([{ value: 1, count: 0 }])).toBeNull();
  });
});

describe('buckets and labels', () => {
  it('aligns buckets on the epoch', () => {
    expect(bucketStartMs(3_599_999, 3_600_000)).toBe(0);
    expect(bucketStartMs(3_600_000, 3_600_000)).toBe(3_600_000);
  });

  it('labels compaction outcomes for strategies_over_time', () => {
    expect(compactionStrategyLabel('completed', 'rlm')).toBe('rlm');
    expect(compactionStrategyLabel('failed', 'truncate')).toBe('failed:truncate');
    expect(compactionStrategyLabel('failed', null)).toBe('failed:none');
    expect(compactionStrategyLabel('truncated', null)).toBe('truncate (context lost)');
    expect(compactionStrategyLabel('started', null)).toBeNull();
  });
});

describe('context sampling', () => {
  it('keeps the first estimate, then one at least an interval after the last kept', () => {
    expect(isContextSampleDue(null, 0)).toBe(true);
    expect(isContextSampleDue(1000, 1000 + contextSampleIntervalMs - 1)).toBe(false);
    expect(isContextSampleDue(1000, 1000 + contextSampleIntervalMs)).toBe(true);
    expect(isContextSampleDue(10_000, 2000)).toBe(false);
  });
});

describe('strategies over time', () => {
  it('merges counts under their labels, drops started ones, and sorts by bucket then label', () => {
    expect(
      strategiesOverTime([
        { bucket_start_ms: 60, kind: 'completed', strategy: 'summarize', count: 1 },
        { bucket_start_ms: 0, kind: 'truncated', strategy: 'a', count: 2 },
        { bucket_start_ms: 0, kind: 'truncated', strategy: null, count: 3 },
        { bucket_start_ms: 0, kind: 'started', strategy: 'summarize', count: 9 },
        { bucket_start_ms: 0, kind: 'failed', strategy: null, count: 1 },
        { bucket_start_ms: 0, kind: 'completed', strategy: 'Zeta', count: 4 },
      ]),
    ).toEqual([
      { bucket_start_ms: 0, strategy: 'Zeta', count: 4 },
      { bucket_start_ms: 0, strategy: 'failed:none', count: 1 },
      { bucket_start_ms: 0, strategy: 'truncate (context lost)', count: 5 },
      { bucket_start_ms: 60, strategy: 'summarize', count: 1 },
    ]);
  });
});

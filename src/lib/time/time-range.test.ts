import { describe, expect, it } from 'vitest';
import { autoBucketMs, bucketParam, bucketStarts, defaultTimeRange, parseTimeRange, resolveRange, writeTimeRange, type TimeRange } from './time-range';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('autoBucketMs', () => {
  it('draws each preset in at most 48 bars with the smallest step', () => {
    expect(autoBucketMs(15 * MIN)).toBe(MIN); // 15 bars
    expect(autoBucketMs(HOUR)).toBe(5 * MIN); // 60 one-minute bars would be too many: 12 bars
    expect(autoBucketMs(24 * HOUR)).toBe(30 * MIN); // exactly 48
    expect(autoBucketMs(7 * 24 * HOUR)).toBe(6 * HOUR); // 168 h / 3 h = 56 > 48, so 28 six-hour bars
  });

  it('tops out at a week for very long spans', () => {
    expect(autoBucketMs(10 * 365 * 24 * HOUR)).toBe(7 * 24 * HOUR);
  });
});

describe('bucketParam', () => {
  it('writes the unit the API reads', () => {
    expect(bucketParam(MIN)).toBe('1m');
    expect(bucketParam(30 * MIN)).toBe('30m');
    expect(bucketParam(6 * HOUR)).toBe('6h');
    expect(bucketParam(24 * HOUR)).toBe('1d');
    expect(bucketParam(1500)).toBe('1500');
  });
});

describe('resolveRange', () => {
  const now = Date.UTC(2026, 10, 24, 12, 7, 30); // 12:07:30

  it('starts a live preset on a bucket boundary and leaves the end open', () => {
    // 15 min before 12:07:30 is 11:52:30; floored to the minute: 11:52:00.
    expect(resolveRange({ range: '15m', fromMs: null, toMs: null }, now)).toEqual({
      fromMs: Date.UTC(2026, 10, 24, 11, 52),
      toMs: null,
      bucketMs: MIN,
      live: true,
    });
    // 1 h: 11:07:30 floored to 5 minutes: 11:05.
    expect(resolveRange({ range: '1h', fromMs: null, toMs: null }, now).fromMs).toBe(Date.UTC(2026, 10, 24, 11, 5));
  });

  it('keeps a custom window as given, live only when it reaches now', () => {
    const fromMs = now - 3 * HOUR;
    expect(resolveRange({ range: 'custom', fromMs, toMs: now - HOUR }, now)).toEqual({ fromMs, toMs: now - HOUR, bucketMs: 5 * MIN, live: false });
    expect(resolveRange({ range: 'custom', fromMs, toMs: null }, now)).toMatchObject({ toMs: null, bucketMs: 5 * MIN, live: true });
  });
});

describe('bucketStarts', () => {
  it('lists every bucket from the aligned start through the one holding the end', () => {
    expect(bucketStarts(10 * MIN + 5, 13 * MIN, MIN)).toEqual([10 * MIN, 11 * MIN, 12 * MIN, 13 * MIN]);
    expect(bucketStarts(0, 0, MIN)).toEqual([0]);
  });
});

describe('the range in the URL', () => {
  const write = (range: TimeRange) => {
    const search = new URLSearchParams();
    writeTimeRange(search, range);
    return search;
  };

  it('leaves the default out, and round-trips a preset and a custom range', () => {
    expect(write(defaultTimeRange).toString()).toBe('');
    expect(parseTimeRange(new URLSearchParams(''))).toEqual(defaultTimeRange);
    for (const range of [{ range: '7d', fromMs: null, toMs: null }, { range: 'custom', fromMs: 1_000, toMs: 5_000 }, { range: 'custom', fromMs: 1_000, toMs: null }] as const) {
      expect(parseTimeRange(write(range))).toEqual(range);
    }
  });

  it('keeps bounds only with a custom range', () => {
    expect(write({ range: '1h', fromMs: 5, toMs: 9 }).toString()).toBe('range=1h');
    expect(parseTimeRange(new URLSearchParams('range=1h&from=10&to=50'))).toEqual({ range: '1h', fromMs: null, toMs: null });
  });

  it('falls back for what does not parse, and drops an end before the start', () => {
    expect(parseTimeRange(new URLSearchParams('range=2w&from=abc'))).toEqual(defaultTimeRange);
    expect(parseTimeRange(new URLSearchParams('range=custom&from=abc&to=50'))).toEqual({ range: 'custom', fromMs: null, toMs: 50 });
    expect(parseTimeRange(new URLSearchParams('range=custom&from=2000&to=1000'))).toEqual({ range: 'custom', fromMs: 2000, toMs: null });
  });
});

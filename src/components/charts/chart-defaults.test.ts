import { describe, expect, it } from 'vitest';
import { bucketSpanMs, timeTickFormatter } from './chart-defaults';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('time axis ticks', () => {
  const t = Date.UTC(2026, 10, 24, 13, 0);

  it('shows dates once the axis covers more than a day, so "13:00" never repeats ambiguously', () => {
    expect(timeTickFormatter(6 * HOUR, 7 * DAY, 'UTC')(t)).toBe('24 Nov, 13:00');
    expect(timeTickFormatter(30 * 60_000, DAY, 'UTC')(t)).toBe('13:00');
    expect(timeTickFormatter(DAY, 30 * DAY, 'UTC')(t)).toBe('24 Nov 2026');
    expect(timeTickFormatter(10_000, HOUR, 'UTC')(t + 5_000)).toBe('13:00:05');
  });

  it('reads ticks on the given zone', () => {
    expect(timeTickFormatter(6 * HOUR, 7 * DAY, 'Asia/Tokyo')(t)).toBe('24 Nov, 22:00');
  });

  it('measures the span from the first bucket start to the end of the last bucket', () => {
    expect(bucketSpanMs([], HOUR)).toBe(0);
    expect(bucketSpanMs([{ bucket_start_ms: 5 * HOUR }, { bucket_start_ms: 0 }, { bucket_start_ms: 2 * HOUR }], HOUR)).toBe(6 * HOUR);
  });
});

import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('grants up to its capacity at once, then refills at the rate and says when to come back', () => {
    const bucket = new TokenBucket(100, 100, 0);
    expect(bucket.take(60, 0)).toEqual({ ok: true });
    expect(bucket.take(60, 0)).toEqual({ ok: false, retryAfterMs: 200 });
    // 200 ms later 20 more tokens have come: 60 fit.
    expect(bucket.take(60, 200)).toEqual({ ok: true });
    expect(bucket.take(1, 200)).toEqual({ ok: false, retryAfterMs: 10 });
  });

  it('never holds more than its capacity, however long it idles', () => {
    const bucket = new TokenBucket(10, 50, 0);
    expect(bucket.take(50, 3_600_000)).toEqual({ ok: true });
    expect(bucket.take(1, 3_600_000).ok).toBe(false);
  });

  it('lets a request larger than the capacity through when full, then makes the debt wait', () => {
    const bucket = new TokenBucket(100, 100, 0);
    expect(bucket.take(250, 0)).toEqual({ ok: true });
    // 150 in debt: the next single event waits 1.51 s.
    expect(bucket.take(1, 0)).toEqual({ ok: false, retryAfterMs: 1510 });
    expect(bucket.take(1, 1510).ok).toBe(true);
  });

  it('a clock going backwards adds nothing', () => {
    const bucket = new TokenBucket(100, 100, 1000);
    expect(bucket.take(100, 1000).ok).toBe(true);
    expect(bucket.take(1, 0).ok).toBe(false);
  });
});

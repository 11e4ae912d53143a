import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browserBackoff, retryDelayMs } from './reconnect-backoff';

describe('retryDelayMs', () => {
  const options = { baseMs: 500, maxMs: 30_000 };

  it('doubles per attempt between half and all of the exponential step', () => {
    expect(retryDelayMs(1, () => 0, options)).toBe(250);
    expect(retryDelayMs(1, () => 1, options)).toBe(500);
    expect(retryDelayMs(3, () => 0, options)).toBe(1_000);
    expect(retryDelayMs(3, () => 1, options)).toBe(2_000);
  });

  it('never exceeds the ceiling, however many attempts', () => {
    for (const attempt of [7, 8, 20, 1_000]) {
      expect(retryDelayMs(attempt, () => 1, options)).toBe(30_000);
      expect(retryDelayMs(attempt, () => 0, options)).toBe(15_000);
    }
  });

  it('brings a browser back within 5 s of the server, however long it was away', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, random) => {
        const delay = retryDelayMs(attempt, () => random, browserBackoff);
        expect(delay).toBeGreaterThanOrEqual(browserBackoff.baseMs / 2);
        expect(delay).toBeLessThanOrEqual(5_000);
      }),
    );
    // The old browser ceiling (30 s) left a restarted server unseen for up to half a minute.
    expect(retryDelayMs(20, () => 1, browserBackoff)).toBe(5_000);
  });
});

import { describe, expect, it } from 'vitest';
import { retrySecondsLeft } from './retry-countdown';

describe('retrySecondsLeft', () => {
  it('never shows more than the chosen wait when the clock tick is up to a second old', () => {
    const scheduledAt = 10_000;
    const staleNow = scheduledAt - 900;
    expect(retrySecondsLeft(scheduledAt + 5_000, 5_000, staleNow)).toBe(5);
    expect(retrySecondsLeft(scheduledAt + 750, 750, staleNow)).toBe(1);
  });

  it('counts down whole seconds, rounding up, and stops at zero', () => {
    expect(retrySecondsLeft(10_000, 5_000, 7_500)).toBe(3);
    expect(retrySecondsLeft(10_000, 5_000, 9_999)).toBe(1);
    expect(retrySecondsLeft(10_000, 5_000, 12_000)).toBe(0);
  });

  it('counts from the clock alone when the wait is not known', () => {
    expect(retrySecondsLeft(10_000, null, 4_100)).toBe(6);
  });
});

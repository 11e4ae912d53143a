import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call at once and collapses a burst into one trailing run', () => {
    const action = vi.fn();
    const throttled = throttle(action, 2_500);
    throttled.call();
    expect(action).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(100);
      throttled.call();
    }
    // 2 s in: still inside the interval.
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(action).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10_000);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet interval', () => {
    const action = vi.fn();
    const throttled = throttle(action, 1_000);
    throttled.call();
    vi.advanceTimersByTime(1_500);
    throttled.call();
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('drops the pending run when cancelled', () => {
    const action = vi.fn();
    const throttled = throttle(action, 1_000);
    throttled.call();
    throttled.call();
    throttled.cancel();
    vi.advanceTimersByTime(5_000);
    expect(action).toHaveBeenCalledTimes(1);
  });
});

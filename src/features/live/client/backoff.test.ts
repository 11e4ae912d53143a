import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';

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
});

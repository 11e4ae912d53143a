import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from './reconnect-backoff';

describe('ReconnectBackoff', () => {
  it('doubles up to the cap, with up to half of each delay random', () => {
    const low = new ReconnectBackoff(100, 1000, () => 0);
    expect(Array.from({ length: 6 }, () => low.nextDelayMs())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = new ReconnectBackoff(100, 1000, () => 0.999999);
    expect(Array.from({ length: 6 }, () => high.nextDelayMs())).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('starts over after reset()', () => {
    const backoff = new ReconnectBackoff(100, 1000, () => 0);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    backoff.reset();
    expect(backoff.nextDelayMs()).toBe(50);
  });
});

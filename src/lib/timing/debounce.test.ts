import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, with the last value, after a quiet spell', () => {
    const seen: string[] = [];
    const write = debounce((q: string) => seen.push(q), 250);
    // "anthropic" typed at 30 ms a key: no write until the typing stops, then the whole word.
    for (const [i] of [...'anthropic'].entries()) {
      write.call('anthropic'.slice(0, i + 1));
      vi.advanceTimersByTime(30);
    }
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(seen).toEqual(['anthropic']);
  });

  it('flushes a pending call now, and cancel drops it', () => {
    const seen: number[] = [];
    const write = debounce((n: number) => seen.push(n), 100);
    write.call(1);
    write.flush();
    expect(seen).toEqual([1]);
    write.flush();
    expect(seen).toEqual([1]);
    write.call(2);
    write.cancel();
    vi.advanceTimersByTime(200);
    expect(seen).toEqual([1]);
  });
});

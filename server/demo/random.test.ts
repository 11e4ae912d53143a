import { describe, expect, it } from 'vitest';
import { Random } from './random';

describe('Random', () => {
  it('replays the same stream from the same seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(Array.from({ length: 20 }, () => b.next()));
    expect(new Random(43).next()).not.toBe(new Random(42).next());
  });

  it('draws within the asked ranges', () => {
    const rng = new Random(7);
    for (let i = 0; i < 2000; i++) {
      const n = rng.next();
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      const k = rng.int(3, 5);
      expect([3, 4, 5]).toContain(k);
    }
    const seen = new Set(Array.from({ length: 200 }, () => rng.int(1, 3)));
    expect(seen).toEqual(new Set([1, 2, 3]));
  });

  it('honours weights roughly', () => {
    const rng = new Random(11);
    const picks = Array.from({ length: 5000 }, () => rng.weighted([['often', 9], ['rarely', 1]] as const));
    const rare = picks.filter((p) => p === 'rarely').length / picks.length;
    expect(rare).toBeGreaterThan(0.07);
    expect(rare).toBeLessThan(0.13);
  });

  it('makes version-4 UUIDs and independent forks', () => {
    const rng = new Random(5);
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const fork = rng.fork();
    expect(fork.next()).not.toBe(rng.next());
  });
});

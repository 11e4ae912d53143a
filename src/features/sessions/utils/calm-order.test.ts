import { describe, expect, it } from 'vitest';
import { calmOrder } from './calm-order';

describe('calmOrder', () => {
  it('shows the latest order when nothing holds it', () => {
    expect(calmOrder(null, ['b', 'a'])).toEqual({ ids: ['b', 'a'], waiting: 0 });
  });

  it('keeps the held order while the latest one reorders, counting the moves', () => {
    const held = { ids: ['a', 'b', 'c', 'd'] };
    expect(calmOrder(held, ['a', 'b', 'c', 'd'])).toEqual({ ids: ['a', 'b', 'c', 'd'], waiting: 0 });
    // d jumped to the top (it was active): one session moved, the rest kept their relative order.
    expect(calmOrder(held, ['d', 'a', 'b', 'c'])).toEqual({ ids: ['a', 'b', 'c', 'd'], waiting: 1 });
    // Two swaps: two moves.
    expect(calmOrder(held, ['b', 'a', 'd', 'c']).waiting).toBe(2);
  });

  it('counts a new session and one that left, and keeps showing the one that left', () => {
    const held = { ids: ['a', 'b', 'c'] };
    const calm = calmOrder(held, ['new', 'a', 'c']);
    expect(calm.ids).toEqual(['a', 'b', 'c']);
    expect(calm.waiting).toBe(2);
  });

  it('appends rows beyond the held span (the next page, loaded by scrolling), so scrolling on works while held', () => {
    const held = { ids: ['a', 'b'] };
    expect(calmOrder(held, ['a', 'b', 'c', 'd'])).toEqual({ ids: ['a', 'b', 'c', 'd'], waiting: 0 });
    // A held row that moved into the next page is not shown twice.
    expect(calmOrder(held, ['b', 'c', 'a'])).toEqual({ ids: ['a', 'b'], waiting: 2 });
  });
});

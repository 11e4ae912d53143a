import { describe, expect, it, vi } from 'vitest';
import type { Virtualizer } from '@tanstack/react-virtual';
import { withoutMountWrite } from './without-mount-write';

/** Where the virtualiser knows the list to be: what the mount write restates. */
const instance = { scrollOffset: 0 } as Virtualizer<Window, Element>;

describe('withoutMountWrite', () => {
  it('leaves out the first write when it restates the offset, and passes every later one', () => {
    const write = vi.fn();
    const scrollToFn = withoutMountWrite<Window>(write);
    scrollToFn(0, {}, instance);
    expect(write).not.toHaveBeenCalled();
    scrollToFn(370, { behavior: 'auto' }, instance);
    scrollToFn(370, { adjustments: 12 }, instance);
    expect(write.mock.calls).toEqual([
      [370, { behavior: 'auto' }, instance],
      [370, { adjustments: 12 }, instance],
    ]);
  });

  it('passes a first write that moves the list: an adjustment, or a scroll to a row before any mount write', () => {
    const write = vi.fn();
    withoutMountWrite<Window>(write)(0, { adjustments: -20 }, instance);
    withoutMountWrite<Window>(write)(740, {}, instance);
    expect(write.mock.calls).toEqual([
      [0, { adjustments: -20 }, instance],
      [740, {}, instance],
    ]);
  });
});

import type { VirtualizerOptions } from '@tanstack/react-virtual';

type ScrollWrite<S extends Element | Window> = VirtualizerOptions<S, Element>['scrollToFn'];

/**
 * A virtualiser's scroll writer without its first write when that write only
 * restates where the list already is. On mount, TanStack Virtual writes the
 * offset it starts from back to its scroll element; the write forces a layout of
 * the whole page inside React's commit, before the first frame (about 30 ms when
 * the Cost page opens on 2,000 sessions). Any write that moves the list (a scroll
 * to a row, an adjustment after a measurement), first or not, goes through. One per
 * virtualiser: it keeps whether it has written.
 */
export function withoutMountWrite<S extends Element | Window>(write: ScrollWrite<S>): ScrollWrite<S> {
  let wrote = false;
  return (offset, options, instance) => {
    if (!wrote) {
      wrote = true;
      if (!options.adjustments && offset === instance.scrollOffset) return;
    }
    write(offset, options, instance);
  };
}

import { useWindowVirtualizer, windowScroll } from '@tanstack/react-virtual';
import { withoutMountWrite } from '../../../lib/virtual/without-mount-write';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Fewer lines than this are all drawn; more are virtualised. */
const VIRTUAL_FROM = 150;
/** A table row's height until rows are measured. */
const ESTIMATED_ROW_HEIGHT = 37;

/**
 * The body of a long table: only the rows near the viewport are in the DOM
 * (the page scrolls, not the table), with spacer rows keeping the scroll
 * height. A table of 2,000 sessions then opens as fast as one of 40.
 */
export function VirtualRows<T>({ lines, columns, renderRow }: { lines: readonly T[]; columns: number; renderRow: (line: T, index: number) => ReactNode }) {
  if (lines.length < VIRTUAL_FROM) return <tbody>{lines.map((line, i) => renderRow(line, i))}</tbody>;
  return <VirtualBody lines={lines} columns={columns} renderRow={renderRow} />;
}

/** The height of the rows not drawn, so the scroll bar stays true. */
function SpacerRow({ columns, height }: { columns: number; height: number }) {
  return (
    <tr aria-hidden="true">
      {/* oxlint-disable-next-line jsx-a11y/control-has-associated-label -- empty filler, hidden from assistive technology */}
      <td colSpan={columns} style={{ blockSize: height, padding: 0, border: 0 }} />
    </tr>
  );
}

function VirtualBody<T>({ lines, columns, renderRow }: { lines: readonly T[]; columns: number; renderRow: (line: T, index: number) => ReactNode }) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // Until measured, the rows from the table's top are drawn (a few more than fit): right at
  // scroll 0. Measured in the next animation frame, where the frame's own layout is due anyway:
  // read in a layout effect, the offset forced a whole-page layout before the table's first
  // frame, and a synchronous second render (on 2,000 sessions, half of the first render's time).
  const [scrollMargin, setScrollMargin] = useState(0);
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const body = bodyRef.current;
      if (body) setScrollMargin(body.getBoundingClientRect().top + window.scrollY);
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  // The window's size from the start: with the default (0 × 0) the first render drew the
  // overscan alone, and the virtualiser's first look at the window re-rendered at once,
  // synchronously, inside the commit.
  const [initialRect] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  const [scrollToFn] = useState(() => withoutMountWrite<Window>(windowScroll));
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useWindowVirtualizer({
    count: lines.length,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 10,
    scrollMargin,
    initialRect,
    scrollToFn,
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length > 0 ? items[0]!.start - scrollMargin : 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - (items.at(-1)!.end - scrollMargin) : 0;
  return (
    <tbody ref={bodyRef}>
      {before > 0 && (
        <SpacerRow columns={columns} height={before} />
      )}
      {items.map((item) => renderRow(lines[item.index]!, item.index))}
      {after > 0 && (
        <SpacerRow columns={columns} height={after} />
      )}
    </tbody>
  );
}

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { formatCount } from '../../../lib/format/format';
import type { TimelineRow } from '../utils/timeline-rows';
import { rowKeys } from '../utils/row-keys';
import { anchorAt, anchoredTop, indexOfSeq, rowLayout, rowOffset, rowRange, type TallRow, type ViewAnchor } from '../utils/row-window';
import { EventRow } from './event-row';

/** Pixels from the bottom that still count as "at the latest event". */
const END_THRESHOLD = 24;
/** A collapsed row's height until the first one on screen tells us (fonts and zoom vary). */
const DEFAULT_ROW_HEIGHT = 35;
/** Rows from the top at which scrolling up asks for earlier events. */
const START_THRESHOLD_ROWS = 5;
/** Rows drawn beyond the view either side: enough for a wheel step, few enough that a storm redraws little. */
const OVERSCAN = 4;
/** While following, the rows above the view only (there is nothing below the end). */
const FOLLOWING_OVERSCAN = 2;
/** The view's height until the scroll box reports its own. */
const DEFAULT_VIEW_HEIGHT = 600;

export interface EventTimelineProps {
  rows: readonly TimelineRow[];
  /** A row to show (scrolled to the middle, opened, marked): a chosen search match. */
  focusSeq?: number | null;
  /** Scrolling up to the first rows calls this: the log loads earlier events. */
  onReachStart?: () => void;
  /** False for a fixed stretch of stored events (around a match): no live tail to follow. */
  live?: boolean;
}

/**
 * The session's events, virtualised (only the rows in view are in the DOM), in
 * seq order. Follows the tail by default: while scrolled to the bottom, new
 * events keep it there; scrolling up stops following and offers a way back,
 * and the view then stays on the rows being read while events arrive, leave
 * or are read in above them.
 *
 * Rows are placed by arithmetic (utils/row-window.ts), not measured: under a
 * storm of events a frame costs the rows in view, and the DOM is read only when
 * the operator scrolls, opens a row, or the box is resized. Which rows are
 * drawn follows from the state (following, or the row the view is anchored
 * to), so new events draw the right rows in one commit.
 */
export const EventTimeline = memo(function EventTimeline({ rows, focusSeq = null, onReachStart, live = true }: EventTimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [following, setFollowing] = useState(true);
  /** Rows there were when the operator scrolled away: what is beyond is "new". */
  const [seenCount, setSeenCount] = useState(0);
  /** Collapsed rows all have one height (one line, no wrapping), read once from the first row drawn. */
  const [rowHeight, setRowHeight] = useState<number | null>(null);
  const [viewHeight, setViewHeight] = useState<number | null>(null);
  /** Where the view stands while not following. */
  const [anchor, setAnchor] = useState<ViewAnchor | null>(null);
  /** Measured heights of the open rows, by seq. */
  const [openHeights, setOpenHeights] = useState<ReadonlyMap<number, number>>(() => new Map());

  const height = rowHeight ?? DEFAULT_ROW_HEIGHT;
  const view = viewHeight ?? DEFAULT_VIEW_HEIGHT;
  const layout = useMemo(() => {
    const tall: TallRow[] = [];
    for (const seq of expanded) {
      const index = indexOfSeq(rows, seq);
      const measured = openHeights.get(seq);
      if (index >= 0 && measured !== undefined) tall.push({ index, height: measured });
    }
    return rowLayout(rows.length, height, tall);
  }, [rows, expanded, openHeights, height]);

  const maxTop = Math.max(0, layout.total - view);
  const top = following || anchor === null ? maxTop : anchoredTop(layout, rows, anchor, view);
  const { start, end } = rowRange(layout, top, view, following ? FOLLOWING_OVERSCAN : OVERSCAN);
  const keys = rowKeys(rows, start, end, following);

  /** The scroll position last written or read: written again only when the rows or the view moved it. */
  const domTop = useRef<number | null>(null);
  // After every commit that moved the view's top (rows arrived while following,
  // rows read in above an anchored view): one write, which is the layout the
  // frame needs anyway.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || domTop.current === top) return;
    domTop.current = top;
    element.scrollTop = top;
  }, [top]);

  // The box's height, now and whenever it is resized (not per event).
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    setViewHeight(element.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const learnRowHeight = useCallback(
    (element: HTMLLIElement | null) => {
      if (element && rowHeight === null && element.offsetHeight > 0) setRowHeight(element.offsetHeight);
    },
    [rowHeight],
  );

  // Open rows are measured as drawn and whenever they change size (a long JSON wraps).
  const openObserver = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            setOpenHeights((current) => {
              let next: Map<number, number> | null = null;
              for (const entry of entries) {
                const element = entry.target as HTMLElement;
                const seq = Number(element.dataset.seq);
                const measured = element.offsetHeight;
                if (!Number.isFinite(seq) || measured <= 0 || current.get(seq) === measured) continue;
                next ??= new Map(current);
                next.set(seq, measured);
              }
              return next ?? current;
            });
          }),
    [],
  );
  useEffect(() => () => openObserver?.disconnect(), [openObserver]);
  const measureOpen = useCallback(
    (element: HTMLLIElement) => {
      openObserver?.observe(element);
      return () => openObserver?.unobserve(element);
    },
    [openObserver],
  );

  // A chosen row is scrolled to once (live events arriving later must not pull the
  // view back), and opened, so the text that matched shows even beyond the summary.
  const shownFocus = useRef<number | null>(null);
  useEffect(() => {
    if (focusSeq === null) {
      shownFocus.current = null;
      return;
    }
    if (shownFocus.current === focusSeq) return;
    const index = indexOfSeq(rows, focusSeq);
    if (index < 0) return;
    shownFocus.current = focusSeq;
    setFollowing(false);
    setSeenCount(rows.length);
    setExpanded((current) => (current.has(focusSeq) ? current : new Set(current).add(focusSeq)));
    // Centred on its collapsed line; opening it grows it downwards.
    setAnchor({ seq: focusSeq, delta: height / 2 - view / 2 });
  }, [focusSeq, rows, height, view]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const scrollTop = element.scrollTop;
    // Our own write coming back: nothing moved.
    if (scrollTop === domTop.current) return;
    domTop.current = scrollTop;
    if (onReachStart && scrollTop < height * START_THRESHOLD_ROWS) onReachStart();
    const atEnd = layout.total - scrollTop - element.clientHeight <= END_THRESHOLD;
    // At once, not at the next render: a frame of new events rendered meanwhile
    // would otherwise draw (and scroll to) where the view was, not where it is.
    flushSync(() => {
      if (atEnd) {
        if (!following) setFollowing(true);
        return;
      }
      if (following) {
        setFollowing(false);
        setSeenCount(rows.length);
      }
      setAnchor(anchorAt(layout, rows, scrollTop));
    });
  };

  const toggle = useCallback((seq: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
    // A folded row must not keep its open height.
    setOpenHeights((current) => {
      if (!current.has(seq)) return current;
      const next = new Map(current);
      next.delete(seq);
      return next;
    });
  }, []);

  const jumpToLatest = () => {
    setFollowing(true);
    setAnchor(null);
  };

  const items = [];
  for (let index = start; index < end; index++) {
    const row = rows[index]!;
    const open = expanded.has(row.seq);
    items.push(
      <li
        key={keys[index - start]}
        ref={open ? measureOpen : learnRowHeight}
        data-index={index}
        data-seq={row.seq}
        className={row.seq === focusSeq ? 'timeline__item timeline__item--focused' : 'timeline__item'}
        aria-current={row.seq === focusSeq ? 'true' : undefined}
        aria-setsize={rows.length}
        aria-posinset={index + 1}
        style={{ transform: `translateY(${rowOffset(layout, index)}px)` }}
      >
        <EventRow row={row} expanded={open} onToggle={toggle} />
      </li>,
    );
  }

  return (
    <div className="timeline" data-following={following}>
      <div className="timeline__head" aria-hidden="true">
        <span>Time</span>
        <span>Type</span>
        <span>Class</span>
        <span>Summary</span>
      </div>
      <div ref={scrollRef} className="timeline__scroll" onScroll={onScroll}>
        <ol className="timeline__list" aria-label={`Events (${formatCount(rows.length)})`} style={{ blockSize: layout.total }}>
          {items}
        </ol>
      </div>
      {live && (
        <div className="timeline__foot">
          <span className="muted">{following ? 'Following new events' : 'Paused: scrolled away from the latest'}</span>
          {!following && (
            // Instead of jumping while the operator reads, a pill counts what arrived meanwhile.
            <button type="button" className="button new-events-pill" onClick={jumpToLatest}>
              {rows.length > seenCount ? `${formatCount(rows.length - seenCount)} new events` : 'Jump to latest'}
            </button>
          )}
        </div>
      )}
    </div>
  );
});

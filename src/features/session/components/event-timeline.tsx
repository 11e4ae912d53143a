import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatCount } from '../../../lib/format';
import type { TimelineRow } from '../utils/merge-timeline';
import { EventRow } from './event-row';

/** Pixels from the bottom that still count as "at the latest event". */
const END_THRESHOLD = 24;
/** A collapsed row's height until the first one on screen tells us (fonts and zoom vary). */
const DEFAULT_ROW_HEIGHT = 35;
/** Rows from the top at which scrolling up asks for earlier events. */
const START_THRESHOLD_ROWS = 5;

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
 * events keep it there (the virtualizer's `anchorTo: 'end'`); scrolling up
 * stops following and offers a way back.
 */
export function EventTimeline({ rows, focusSeq = null, onReachStart, live = true }: EventTimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [following, setFollowing] = useState(true);
  /** Rows there were when the operator scrolled away: what is beyond is "new". */
  const [seenCount, setSeenCount] = useState(0);
  /**
   * Collapsed rows all have one height (one line, no wrapping), read once from
   * the first row drawn. Only expanded rows are measured: measuring every row
   * forces a layout per new event, which under a storm of events costs frames.
   */
  const [rowHeight, setRowHeight] = useState<number | null>(null);
  const learnRowHeight = useCallback(
    (element: HTMLLIElement | null) => {
      if (element && rowHeight === null && element.offsetHeight > 0) setRowHeight(element.offsetHeight);
    },
    [rowHeight],
  );

  // React Compiler is not used here; the caveat (functions that must not be
  // memoised) is respected: only `measureElement` leaves this component, as a ref.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight ?? DEFAULT_ROW_HEIGHT,
    getItemKey: (index) => rows[index]!.seq,
    overscan: 12,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: END_THRESHOLD,
  });

  // The virtualizer remembers the size of every row it ever measured and never
  // forgets; rows leave the ring, so prune what is gone to keep memory bounded.
  useEffect(() => {
    const sizes = virtualizer.itemSizeCache;
    if (sizes.size <= rows.length * 2 + 200) return;
    const present = new Set<unknown>(rows.map((row) => row.seq));
    for (const key of sizes.keys()) if (!present.has(key)) sizes.delete(key);
  }, [rows, virtualizer]);

  // Opening with events already loaded (cached history) starts at the latest one.
  const startedAtEnd = useRef(false);
  useLayoutEffect(() => {
    if (startedAtEnd.current || rows.length === 0) return;
    startedAtEnd.current = true;
    virtualizer.scrollToEnd();
  }, [rows.length, virtualizer]);

  // A chosen row is scrolled to once (live events arriving later must not pull the
  // view back), and opened, so the text that matched shows even beyond the summary.
  const shownFocus = useRef<number | null>(null);
  useEffect(() => {
    if (focusSeq === null) {
      shownFocus.current = null;
      return;
    }
    if (shownFocus.current === focusSeq) return;
    const index = rows.findIndex((row) => row.seq === focusSeq);
    if (index < 0) return;
    shownFocus.current = focusSeq;
    setFollowing(false);
    setSeenCount(rows.length);
    setExpanded((current) => (current.has(focusSeq) ? current : new Set(current).add(focusSeq)));
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [focusSeq, rows, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    if (onReachStart && element.scrollTop < (rowHeight ?? DEFAULT_ROW_HEIGHT) * START_THRESHOLD_ROWS) onReachStart();
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight <= END_THRESHOLD;
    if (atEnd === following) return;
    setFollowing(atEnd);
    if (!atEnd) setSeenCount(rows.length);
  };

  const toggle = useCallback((seq: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  // Sizes start over when a row folds or unfolds, or the row height is learnt:
  // a folded row must not keep its expanded size; expanded ones are measured again.
  useEffect(() => {
    virtualizer.measure();
  }, [expanded, rowHeight, virtualizer]);

  const jumpToLatest = () => {
    virtualizer.scrollToEnd();
    setFollowing(true);
  };

  return (
    <div className="timeline" data-following={following}>
      <div className="timeline__head" aria-hidden="true">
        <span>Time</span>
        <span>Type</span>
        <span>Class</span>
        <span>Summary</span>
      </div>
      <div ref={scrollRef} className="timeline__scroll" onScroll={onScroll}>
        <ol className="timeline__list" aria-label={`Events (${formatCount(rows.length)})`} style={{ blockSize: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <li
                key={item.key}
                ref={expanded.has(row.seq) ? virtualizer.measureElement : learnRowHeight}
                data-index={item.index}
                className={row.seq === focusSeq ? 'timeline__item timeline__item--focused' : 'timeline__item'}
                aria-current={row.seq === focusSeq ? 'true' : undefined}
                aria-setsize={rows.length}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <EventRow row={row} expanded={expanded.has(row.seq)} onToggle={toggle} />
              </li>
            );
          })}
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
}

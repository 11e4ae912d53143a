import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { formatCount } from '../../../lib/format';
import type { TimelineRow } from '../utils/merge-timeline';
import { EventRow } from './event-row';

/** Pixels from the bottom that still count as "at the latest event". */
const END_THRESHOLD = 24;
const ESTIMATED_ROW_HEIGHT = 34;

/**
 * The session's events, virtualised (only the rows in view are in the DOM), in
 * seq order. Follows the tail by default: while scrolled to the bottom, new
 * events keep it there (the virtualizer's `anchorTo: 'end'`); scrolling up
 * stops following and offers a way back.
 */
export function EventTimeline({ rows }: { rows: readonly TimelineRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [following, setFollowing] = useState(true);

  // React Compiler is not used here; the caveat (functions that must not be
  // memoised) is respected: only `measureElement` leaves this component, as a ref.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    getItemKey: (index) => rows[index]!.seq,
    overscan: 12,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: END_THRESHOLD,
  });

  // Opening with events already loaded (cached history) starts at the latest one.
  const startedAtEnd = useRef(false);
  useLayoutEffect(() => {
    if (startedAtEnd.current || rows.length === 0) return;
    startedAtEnd.current = true;
    virtualizer.scrollToEnd();
  }, [rows.length, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight <= END_THRESHOLD;
    if (atEnd !== following) setFollowing(atEnd);
  };

  const toggle = useCallback((seq: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  const jumpToLatest = () => {
    virtualizer.scrollToEnd();
    setFollowing(true);
  };

  return (
    <div className="timeline">
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
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="timeline__item"
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
      <div className="timeline__foot">
        <span className="muted">{following ? 'Following new events' : 'Not following: scrolled up'}</span>
        {!following && (
          <button type="button" className="button" onClick={jumpToLatest}>
            Jump to latest
          </button>
        )}
      </div>
    </div>
  );
}

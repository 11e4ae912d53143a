import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { formatDateTime, formatZonedClock } from '../../../lib/format/format';
import { useDisplayTimeZone } from '../../../lib/time/time-zone-store';
import { timestampMs } from '../../../protocol/envelope';
import { useTranscriptBuild } from '../hooks/use-transcript-build';
import type { TranscriptItem } from '../utils/build-transcript';
import type { TimelineRow } from '../utils/timeline-rows';
import { StepSizes } from '../utils/step-sizes';
import { ApprovalCard } from './approval-card';
import { RetryBanner, StreamingStep, ThinkingIndicator } from './live-tail';
import { ToolCallCard } from './tool-call-card';

/** Pixels from the bottom that still count as "at the live end". */
const END_THRESHOLD = 32;
/** A step's height until it is measured: most are a short reply or a folded tool card. */
const ESTIMATED_STEP_HEIGHT = 96;

/** When a step happened: its event's time (a tool call's start). */
function stepMs(item: TranscriptItem): number {
  const event = item.kind === 'tool' ? (item.start ?? item.complete!) : item.event;
  return timestampMs(event.ts);
}

/** Shown on hover or focus: the time of day with its zone; the full date in the tooltip. */
function StepTime({ ms, timeZone }: { ms: number; timeZone: string }) {
  if (!Number.isFinite(ms)) return null;
  return (
    <time className="transcript__time" dateTime={new Date(ms).toISOString()} title={formatDateTime(ms, timeZone)}>
      {formatZonedClock(ms, { timeZone })}
    </time>
  );
}

const Item = memo(function Item({ item, sessionId, timeZone }: { item: TranscriptItem; sessionId: string; timeZone: string }) {
  switch (item.kind) {
    case 'text':
      return item.event.role === 'user' ? (
        <article className="transcript__text transcript__prompt" aria-label="User prompt">
          <strong className="transcript__prompt-label">Prompt</strong>
          {item.event.text}
        </article>
      ) : (
        <article className="transcript__text">{item.event.text || <span className="muted">(empty reply)</span>}</article>
      );
    case 'thought':
      return (
        <details className="transcript__thought">
          <summary>Thought</summary>
          <p>{item.event.thought}</p>
        </details>
      );
    case 'tool':
      return <ToolCallCard sessionId={sessionId} toolKey={item.toolKey} start={item.start} complete={item.complete} metadata={item.metadata} />;
    case 'approval':
      return <ApprovalCard event={item.event} decision={item.decision} />;
    case 'error':
      return (
        <p className="transcript__note" data-tone="error" role="alert">
          <strong>Error</strong> at {formatZonedClock(timestampMs(item.event.ts), { timeZone })}: {item.event.error}
        </p>
      );
    case 'done':
      return (
        <p className="transcript__note" data-tone="done">
          <strong>Done</strong> at {formatZonedClock(timestampMs(item.event.ts), { timeZone })}
        </p>
      );
  }
});

/** What is happening now, after the last step: a retry, thinking, the reply being written. */
function LiveTail({ sessionId }: { sessionId: string }) {
  return (
    <>
      <RetryBanner sessionId={sessionId} />
      <ThinkingIndicator sessionId={sessionId} />
      <StreamingStep sessionId={sessionId} />
    </>
  );
}


/** One step's content and time, memoised: a new step does not re-render the steps in view. */
const StepBody = memo(function StepBody({ item, sessionId, timeZone }: { item: TranscriptItem; sessionId: string; timeZone: string }) {
  return (
    <>
      <Item item={item} sessionId={sessionId} timeZone={timeZone} />
      <StepTime ms={stepMs(item)} timeZone={timeZone} />
    </>
  );
});

/**
 * Fewer steps than this are all in the DOM; more are virtualised. Kept to a few
 * screenfuls: a page opens on its newest 200 events (get-session-events.ts), often
 * 100 steps or more, and drawing them all made the first layout cost several times
 * what the ~17 steps in and around the view cost.
 */
const DRAW_WHOLE_BELOW = 48;
/** Pixels drawn beyond the view, above and below. */
const OVERSCAN_PX = 480;
/** The view's height until the scroll box reports its own. */
const DEFAULT_VIEW_HEIGHT = 640;

/**
 * The session step by step: replies, thoughts, tool calls, approvals, errors,
 * done; then what is happening now. Virtualised: only the steps near the view
 * are drawn, in normal flow between two spacers sized from the steps' measured
 * (or estimated) heights (utils/step-sizes.ts). The browser places the drawn
 * steps itself, so a step that grows or is measured re-renders nothing, and a
 * frame costs the steps that arrived; built incrementally (see
 * useTranscriptBuild). Follows the live end while scrolled to it, the growing
 * reply included (pinned after the layout, when the list changes size);
 * scrolled away, it stays put (the browser's scroll anchoring keeps the step
 * being read in place) and offers "Jump to live".
 */
export const Transcript = memo(function Transcript({ sessionId, rows }: { sessionId: string; rows: readonly TimelineRow[] }) {
  const { items } = useTranscriptBuild(rows);
  const timeZone = useDisplayTimeZone();
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [following, setFollowing] = useState(true);
  /** Read by the resize observer between renders; set at once when the operator scrolls. */
  const followingRef = useRef(true);
  /** The scroll position while not following: which steps to draw. */
  const [viewTop, setViewTop] = useState(0);
  const [viewHeight, setViewHeight] = useState<number | null>(null);
  const [sizes] = useState(() => new StepSizes(ESTIMATED_STEP_HEIGHT));
  // Idempotent for the same items (cheap when they only grew): what the spacers below are sized from.
  sizes.sync(items);

  const count = items.length;
  let start = 0;
  let end = count;
  if (count >= DRAW_WHOLE_BELOW) {
    const view = viewHeight ?? DEFAULT_VIEW_HEIGHT;
    if (following) {
      start = sizes.indexAt(sizes.total() - view - OVERSCAN_PX);
    } else {
      start = sizes.indexAt(viewTop - OVERSCAN_PX);
      end = Math.min(count, sizes.indexAt(viewTop + view + OVERSCAN_PX) + 1);
    }
  }
  const spaceAbove = sizes.offsetOf(start);
  const spaceBelow = sizes.total() - sizes.offsetOf(end);

  /** The scroll position last set here: its scroll event is not the operator's. */
  const pinnedTop = useRef<number | null>(null);
  const pin = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    pinnedTop.current = element.scrollTop;
  }, []);

  // After layout (no forced layout): drawn steps are measured, the box's height
  // read, and while following the view pinned to the end as the list grows.
  // Made on first use, in the commit (refs are not read during render).
  const observerRef = useRef<ResizeObserver | null>(null);
  const observer = useCallback((): ResizeObserver | null => {
    if (observerRef.current === null && typeof ResizeObserver !== 'undefined') {
      observerRef.current = new ResizeObserver((entries) => {
        for (const entry of entries) {
          const target = entry.target as HTMLElement;
          if (target === scrollRef.current) setViewHeight(target.clientHeight);
          else if (target.dataset.key !== undefined) sizes.measure(target.dataset.key, entry.borderBoxSize?.[0]?.blockSize ?? target.offsetHeight);
        }
        if (followingRef.current) pin();
      });
    }
    return observerRef.current;
  }, [sizes, pin]);
  useEffect(() => {
    const element = scrollRef.current;
    const list = listRef.current;
    const resize = observer();
    if (!resize || !element || !list) return;
    resize.observe(element);
    resize.observe(list);
    return () => {
      resize.unobserve(element);
      resize.unobserve(list);
    };
  }, [observer]);
  useEffect(() => () => observerRef.current?.disconnect(), []);
  const observeStep = useCallback(
    (element: HTMLLIElement) => {
      const resize = observer();
      resize?.observe(element);
      return () => resize?.unobserve(element);
    },
    [observer],
  );

  // Following again (opening, "Jump to live", scrolled back down): to the end now.
  useLayoutEffect(() => {
    followingRef.current = following;
    if (following) pin();
  }, [following, pin]);
  // Without a resize observer (old browsers, tests), steps that arrive are followed after each commit.
  useLayoutEffect(() => {
    if (typeof ResizeObserver === 'undefined' && followingRef.current) pin();
  }, [count, pin]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const top = element.scrollTop;
    if (top === pinnedTop.current) return;
    pinnedTop.current = null;
    const atEnd = element.scrollHeight - top - element.clientHeight <= END_THRESHOLD;
    followingRef.current = atEnd;
    // At once, not at the next render: steps arriving meanwhile must not pull the view back.
    flushSync(() => {
      setFollowing(atEnd);
      if (!atEnd) setViewTop(top);
    });
  };

  const jumpToLive = () => {
    followingRef.current = true;
    setFollowing(true);
    pin();
  };

  const drawn = [];
  for (let index = start; index < end; index++) {
    const item = items[index]!;
    drawn.push(
      <li
        key={item.key}
        ref={observeStep}
        data-key={item.key}
        className="transcript__item"
        data-kind={item.kind}
        aria-setsize={count}
        aria-posinset={index + 1}
      >
        <StepBody item={item} sessionId={sessionId} timeZone={timeZone} />
      </li>,
    );
  }

  return (
    <section className="transcript" aria-labelledby="transcript-heading" data-following={following}>
      <div className="transcript__head">
        <h2 id="transcript-heading">Transcript</h2>
        {!following && (
          <button type="button" className="button new-events-pill" onClick={jumpToLive}>
            Jump to live
          </button>
        )}
      </div>
      {items.length === 0 && <p className="muted">Nothing said or done yet.</p>}
      <div ref={scrollRef} className="transcript__scroll" onScroll={onScroll}>
        <ol ref={listRef} className="transcript__list" aria-label="Steps">
          {spaceAbove > 0 && <li className="transcript__spacer" aria-hidden="true" style={{ blockSize: spaceAbove }} />}
          {drawn}
          {spaceBelow > 0 && <li className="transcript__spacer" aria-hidden="true" style={{ blockSize: spaceBelow }} />}
          <li className="transcript__item transcript__tail" role="none">
            <LiveTail sessionId={sessionId} />
          </li>
        </ol>
      </div>
    </section>
  );
});

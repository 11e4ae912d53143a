import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { formatDateTime, formatZonedClock } from '../../../lib/format';
import { useDisplayTimeZone } from '../../../lib/time-zone-store';
import { timestampMs } from '../../../protocol/envelope';
import { useTranscriptBuild } from '../hooks/use-transcript-build';
import type { TranscriptItem } from '../utils/build-transcript';
import type { TimelineRow } from '../utils/merge-timeline';
import { ApprovalCard } from './approval-card';
import { RetryBanner, StreamingStep, ThinkingIndicator } from './live-tail';
import { ToolCallCard } from './tool-call-card';

/** Pixels from the bottom that still count as "at the live end". */
const END_THRESHOLD = 32;
/** A step's height until it is measured: most are a short reply or a folded tool card. */
const ESTIMATED_STEP_HEIGHT = 96;
const TAIL_KEY = 'live-tail';

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

/** Fewer steps than this are all in the DOM; more are virtualised. */
const DRAW_WHOLE_BELOW = 200;

/**
 * The session step by step: replies, thoughts, tool calls, approvals, errors,
 * done; then what is happening now. Virtualised (only the steps in view are in
 * the DOM, measured as drawn), so a session of any length costs the same per
 * frame; built incrementally (see useTranscriptBuild). Follows the live end
 * while scrolled to it, the growing reply included; scrolled away, it stays
 * put and offers "Jump to live".
 */
export const Transcript = memo(function Transcript({ sessionId, rows }: { sessionId: string; rows: readonly TimelineRow[] }) {
  const { items } = useTranscriptBuild(rows);
  const timeZone = useDisplayTimeZone();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);

  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    // The live tail is the last row, measured like the others: a growing reply keeps the view at the end.
    count: items.length + 1,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_STEP_HEIGHT,
    getItemKey: (index) => items[index]?.key ?? TAIL_KEY,
    // A short transcript is drawn whole, so find-in-page and screen readers see every step; a long one only near the view.
    overscan: items.length < DRAW_WHOLE_BELOW ? items.length + 1 : 3,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: END_THRESHOLD,
    // A measured step (the growing reply) re-renders with the next batch, not synchronously inside the resize observer.
    useFlushSync: false,
  });

  // Opening with steps already there starts at the latest one.
  const startedAtEnd = useRef(false);
  useLayoutEffect(() => {
    if (startedAtEnd.current || items.length === 0) return;
    startedAtEnd.current = true;
    virtualizer.scrollToEnd();
  }, [items.length, virtualizer]);

  const atEnd = () => {
    const element = scrollRef.current;
    return element !== null && element.scrollHeight - element.scrollTop - element.clientHeight <= END_THRESHOLD;
  };

  /** Frames left of a jump to live: steps measured on the way change the height, so it goes on until it stays at the end. */
  const jumping = useRef(0);
  const onScroll = () => {
    if (jumping.current > 0) return;
    const now = atEnd();
    if (now !== following) setFollowing(now);
  };

  const jumpToLive = () => {
    setFollowing(true);
    jumping.current = 30;
    const settle = () => {
      virtualizer.scrollToEnd();
      jumping.current = atEnd() ? Math.min(jumping.current - 1, 2) : jumping.current - 1;
      if (jumping.current > 0) requestAnimationFrame(settle);
    };
    settle();
  };

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
        <ol className="transcript__list" aria-label="Steps" style={{ blockSize: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            const style = { transform: `translateY(${row.start}px)` };
            if (!item) {
              return (
                <li key={row.key} ref={virtualizer.measureElement} data-index={row.index} className="transcript__item transcript__tail" role="none" style={style}>
                  <LiveTail sessionId={sessionId} />
                </li>
              );
            }
            return (
              <li
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                className="transcript__item"
                data-kind={item.kind}
                aria-setsize={items.length}
                aria-posinset={row.index + 1}
                style={style}
              >
                <Item item={item} sessionId={sessionId} timeZone={timeZone} />
                <StepTime ms={stepMs(item)} timeZone={timeZone} />
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
});

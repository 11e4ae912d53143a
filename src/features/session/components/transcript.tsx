import { memo, useMemo, useState } from 'react';
import { formatClockTime } from '../../../lib/format';
import { timestampMs } from '../../../protocol/envelope';
import { buildTranscript, type TranscriptItem } from '../utils/build-transcript';
import type { TimelineRow } from '../utils/merge-timeline';
import { ApprovalCard } from './approval-card';
import { RetryBanner, StreamingStep, ThinkingIndicator } from './live-tail';
import { ToolCallCard } from './tool-call-card';

/** Steps drawn at first; a long session offers the earlier ones on request instead of mounting thousands. */
const VISIBLE_STEPS = 200;

const Item = memo(function Item({ item, sessionId }: { item: TranscriptItem; sessionId: string }) {
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
          <strong>Error</strong> at {formatClockTime(timestampMs(item.event.ts))}: {item.event.error}
        </p>
      );
    case 'done':
      return (
        <p className="transcript__note" data-tone="done">
          <strong>Done</strong> at {formatClockTime(timestampMs(item.event.ts))}
        </p>
      );
  }
});

/** The session step by step: replies, thoughts, tool calls, approvals, retries, errors, done; then what is happening now. */
export const Transcript = memo(function Transcript({ sessionId, rows }: { sessionId: string; rows: readonly TimelineRow[] }) {
  const items = useMemo(() => buildTranscript(rows), [rows]);
  const [shown, setShown] = useState(VISIBLE_STEPS);
  const hidden = Math.max(0, items.length - shown);
  return (
    <section className="transcript" aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      {hidden > 0 && (
        <button type="button" className="button button--quiet" onClick={() => setShown((n) => n + VISIBLE_STEPS)}>
          Show {Math.min(hidden, VISIBLE_STEPS)} earlier steps ({hidden} hidden)
        </button>
      )}
      <ol className="transcript__list" aria-label="Steps">
        {items.slice(hidden).map((item) => (
          <li key={item.key} className="transcript__item" data-kind={item.kind}>
            <Item item={item} sessionId={sessionId} />
          </li>
        ))}
      </ol>
      <RetryBanner sessionId={sessionId} />
      <ThinkingIndicator sessionId={sessionId} />
      <StreamingStep sessionId={sessionId} />
      {items.length === 0 && <p className="muted">Nothing said or done yet.</p>}
    </section>
  );
});

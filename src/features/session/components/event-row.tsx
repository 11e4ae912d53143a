import { memo, useMemo } from 'react';
import { formatDateTime, formatZonedClock } from '../../../lib/format';
import { useTimeZoneStore } from '../../../lib/time-zone-store';
import { timestampMs } from '../../../protocol/envelope';
import { maskEventForDisplay } from '../utils/mask-event';
import type { TimelineRow } from '../utils/merge-timeline';
import { summarizeEvent } from '../utils/summarize-event';
import { EventClassBadge } from './event-class-badge';

export interface EventRowProps {
  row: TimelineRow;
  expanded: boolean;
  onToggle: (seq: number) => void;
}

/**
 * One event: time, type, class, one-line summary. The summary line is a button
 * (click, Enter or Space) that shows the raw JSON below it. Memoised: a new live
 * event must not re-render the rows already on screen.
 */
export const EventRow = memo(function EventRow({ row, expanded, onToggle }: EventRowProps) {
  const { event } = row;
  const summary = useMemo(() => summarizeEvent(event), [event]);
  const ms = timestampMs(event.ts);
  // The formatters read the app's zone themselves; subscribing makes a memoised row redraw when it is switched.
  useTimeZoneStore((state) => state.choice);
  const jsonId = `event-json-${row.seq}`;
  return (
    <div className="event-row" data-kind={summary.kind} data-expanded={expanded || undefined}>
      <button
        type="button"
        className="event-row__line"
        aria-expanded={expanded}
        aria-controls={expanded ? jsonId : undefined}
        onClick={() => onToggle(row.seq)}
      >
        <time className="event-row__time" dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
          {formatZonedClock(ms, { milliseconds: true })}
        </time>
        <span className="event-row__type">{event.type}</span>
        <span className="event-row__class">
          <EventClassBadge type={event.type} />
        </span>
        <span className="event-row__summary">{summary.text}</span>
      </button>
      {expanded && (
        // Browsers make a scrolling <pre> keyboard-focusable themselves; no tabIndex needed.
        <pre id={jsonId} className="event-row__json">
          {JSON.stringify(row.cursor === null ? maskEventForDisplay(event) : { cursor: row.cursor, ...maskEventForDisplay(event) }, null, 2)}
        </pre>
      )}
    </div>
  );
});

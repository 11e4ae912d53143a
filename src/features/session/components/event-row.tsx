import { memo } from 'react';
import { useDisplayTimeZone } from '../../../lib/time/time-zone-store';
import { eventRowView } from '../utils/event-row-view';
import { maskEventForDisplay } from '../utils/mask-event';
import type { TimelineRow } from '../utils/timeline-rows';
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
  // Worked out once per event (rows are drawn anew as they scroll into view); a switch of zone redraws the row.
  const { summary, clock, iso, title } = eventRowView(event, useDisplayTimeZone());
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
        <time className="event-row__time" dateTime={iso || undefined} title={title}>
          {clock}
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

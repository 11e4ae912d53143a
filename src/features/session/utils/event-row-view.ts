import { formatDateTime, formatZonedClock } from '../../../lib/format/format';
import { timestampMs } from '../../../protocol/envelope';
import type { TimelineEvent } from './timeline-rows';
import { summarizeEvent, type EventSummary } from './summarize-event';

/** What one event-log row shows, in the zone times are shown in. */
export interface EventRowView {
  timeZone: string;
  summary: EventSummary;
  /** `13:00:00.123 UTC`. */
  clock: string;
  /** The instant for `<time dateTime>`; empty when the event's time cannot be read. */
  iso: string;
  /** The full date and time, for the tooltip. */
  title: string;
}

/**
 * Kept per event object: the log draws each row anew as it scrolls into view
 * (under a storm, every row of every frame), and the summary validates the
 * event and the clock formats it; the ring keeps an event the same object for
 * as long as it lives, so each is worked out once per zone.
 */
const views = new WeakMap<TimelineEvent, EventRowView>();

export function eventRowView(event: TimelineEvent, timeZone: string): EventRowView {
  const cached = views.get(event);
  if (cached?.timeZone === timeZone) return cached;
  const ms = timestampMs(event.ts);
  const view: EventRowView = {
    timeZone,
    // The summary does not depend on the zone: kept when only the zone changed.
    summary: cached?.summary ?? summarizeEvent(event),
    clock: formatZonedClock(ms, { milliseconds: true, timeZone }),
    iso: Number.isFinite(ms) ? new Date(ms).toISOString() : '',
    title: formatDateTime(ms, timeZone),
  };
  views.set(event, view);
  return view;
}

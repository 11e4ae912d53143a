import { useId, useMemo, useState } from 'react';
import { eventClassOf, type EventClass } from '../../../protocol/event-class';
import { formatCount } from '../../../lib/format';
import type { TimelineRow } from '../utils/merge-timeline';
import { summarizeEvent } from '../utils/summarize-event';
import { EventTimeline } from './event-timeline';

const classes: readonly EventClass[] = ['durable', 'history', 'ephemeral'];

/** Summaries are computed once per event object, for the text search. */
const searchTextCache = new WeakMap<TimelineRow['event'], string>();
function searchTextOf(event: TimelineRow['event']): string {
  let text = searchTextCache.get(event);
  if (text === undefined) {
    text = `${event.type} ${summarizeEvent(event).text}`.toLowerCase();
    searchTextCache.set(event, text);
  }
  return text;
}

/** A labelled select of one filter; the empty value means "all". */
function FilterSelect<T extends string>(props: { label: string; allLabel: string; options: readonly T[]; value: T | ''; onChange: (value: T | '') => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(props.options.find((o) => o === e.target.value) ?? '')}>
        <option value="">{props.allLabel}</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every event, virtualised, with filters by type, class and text; raw JSON on expand; follows the tail. */
export function EventLog({ rows }: { rows: readonly TimelineRow[] }) {
  const searchId = useId();
  const [type, setType] = useState('');
  const [eventClass, setEventClass] = useState<EventClass | ''>('');
  const [query, setQuery] = useState('');

  const types = useMemo(() => [...new Set(rows.map((r) => r.event.type))].sort(), [rows]);
  const filtered = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!type && !eventClass && !needle) return rows;
    return rows.filter(
      (r) => (!type || r.event.type === type) && (!eventClass || eventClassOf(r.event.type) === eventClass) && (!needle || searchTextOf(r.event).includes(needle)),
    );
  }, [rows, type, eventClass, query]);

  return (
    <section className="event-log" aria-labelledby="event-log-heading">
      <div className="event-log__bar">
        <h2 id="event-log-heading">Event log</h2>
        <FilterSelect label="Type" allLabel="All types" options={types} value={type} onChange={setType} />
        <FilterSelect label="Class" allLabel="All classes" options={classes} value={eventClass} onChange={setEventClass} />
        <div className="field field--search">
          <label htmlFor={searchId}>Find</label>
          <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Text in the event" />
        </div>
        <span className="muted">
          {filtered.length === rows.length ? `${formatCount(rows.length)} events` : `${formatCount(filtered.length)} of ${formatCount(rows.length)} events`}
        </span>
      </div>
      {filtered.length === 0 ? <p className="muted">No event matches.</p> : <EventTimeline rows={filtered} />}
    </section>
  );
}

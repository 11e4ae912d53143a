import { memo, useId, useMemo, useState } from 'react';
import { describeError } from '../../../lib/api/api-error';
import { formatCount } from '../../../lib/format/format';
import { useDebouncedValue } from '../../../lib/timing/use-draft-text';
import type { StoredEventRecord } from '../../../protocol/api-schemas';
import { eventClassOf, type EventClass } from '../../../protocol/event-class';
import { eventSearchValues, foldSearchText, searchValuesMatch } from '../../../protocol/event-search';
import { useEventContext } from '../api/get-event-context';
import { useEventSearch, type EventSearchFilters } from '../api/search-session-events';
import type { TimelineRow } from '../utils/timeline-rows';
import { searchProgress } from '../utils/search-progress';
import { EventSearchResults } from './event-search-results';
import { EventTimeline } from './event-timeline';
import { FindField } from './find-field';

const classes: readonly EventClass[] = ['durable', 'history', 'ephemeral'];

/**
 * Each event's searchable values, computed once per event object. The rule is
 * the server's (src/protocol/event-search.ts), so what the loaded log shows and
 * what the search of stored events finds agree.
 */
const searchValuesCache = new WeakMap<TimelineRow['event'], string[]>();
function searchValuesOf(event: TimelineRow['event']): string[] {
  let values = searchValuesCache.get(event);
  if (values === undefined) {
    values = eventSearchValues(event);
    searchValuesCache.set(event, values);
  }
  return values;
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

/** The event a Find step or a chosen search match points at. */
interface FindTarget {
  seq: number;
  cursor: number | null;
}

export interface EventLogProps {
  sessionId: string;
  rows: readonly TimelineRow[];
  /** Stored events older than the loaded ones exist: the Find then searches them on the server too. */
  hasEarlier?: boolean;
  /** Loads a large step of earlier events (also on scrolling to the top of the log). */
  onLoadEarlier?: () => void;
}

/**
 * Every event, virtualised, with filters by type, class and text; raw JSON on
 * expand; follows the tail. The filters apply at once to what is loaded; when
 * more is stored than loaded, the server searches all of it as well, and a
 * chosen match is shown in the log, or with the stored events around it.
 */
export const EventLog = memo(function EventLog({ sessionId, rows, hasEarlier = false, onLoadEarlier }: EventLogProps) {
  const [type, setType] = useState('');
  const [eventClass, setEventClass] = useState<EventClass | ''>('');
  const [text, setText] = useState('');
  const [target, setTarget] = useState<FindTarget | null>(null);

  const needle = foldSearchText(text.trim());
  const filtering = Boolean(type || eventClass || needle);
  const types = useMemo(() => [...new Set(rows.map((r) => r.event.type))].sort(), [rows]);
  const filtered = useMemo(() => {
    if (!filtering) return rows;
    return rows.filter(
      (r) => (!type || r.event.type === type) && (!eventClass || eventClassOf(r.event.type) === eventClass) && searchValuesMatch(searchValuesOf(r.event), needle),
    );
  }, [rows, type, eventClass, needle, filtering]);

  // The server is asked once typing settles, and only when the loaded log is not everything.
  const filters = useDebouncedValue<EventSearchFilters>(useMemo(() => ({ q: text.trim(), type, eventClass }), [text, type, eventClass]));
  const searchingServer = hasEarlier && Boolean(filters.q || filters.type || filters.eventClass);
  const search = useEventSearch(sessionId, filters, searchingServer);
  const progress = useMemo(() => (search.data ? searchProgress(search.data.pages) : null), [search.data]);

  // What Enter steps through, newest first: the server's matches, or else the loaded ones.
  // Built on a key press, not per render: the loaded list changes with every live event.
  const findTargets = (): readonly FindTarget[] => {
    if (searchingServer) return (progress?.matches ?? []).map((m) => ({ seq: m.event.seq, cursor: m.cursor }));
    return filtering ? [...filtered].reverse() : [];
  };

  const targetLoaded = useMemo(() => target !== null && filtered.some((r) => r.seq === target.seq), [target, filtered]);
  const context = useEventContext(sessionId, target !== null && !targetLoaded ? target.cursor : null);
  const showingContext = target !== null && !targetLoaded && target.cursor !== null;

  const resetTarget = () => setTarget(null);
  const changeFilter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    resetTarget();
  };
  // From the current target's place in the list (found again by seq: new live events shift the list), wrapping round.
  const step = (direction: 1 | -1) => {
    const targets = findTargets();
    if (targets.length === 0) return;
    const at = target === null ? -1 : targets.findIndex((t) => t.seq === target.seq);
    const next = at < 0 ? (direction === 1 ? 0 : targets.length - 1) : (at + direction + targets.length) % targets.length;
    setTarget(targets[next]!);
  };
  const choose = (match: StoredEventRecord) => setTarget({ seq: match.event.seq, cursor: match.cursor });
  // Scrolling to the top asks for more only when the log shows the loaded events unfiltered.
  const reachStart = onLoadEarlier && hasEarlier && !filtering && !showingContext ? onLoadEarlier : undefined;

  let body;
  if (showingContext) {
    body = (
      <>
        <p className="event-log__context">
          <span className="muted">Showing the stored events around match seq {target.seq}, which is older than the loaded log.</span>{' '}
          <button type="button" className="button button--quiet" onClick={resetTarget}>
            Back to the log
          </button>
        </p>
        {context.isError ? (
          <p className="inline-warning" role="alert">
            The events around this match could not be loaded: {describeError(context.error)}
          </p>
        ) : context.data ? (
          <EventTimeline key={`around-${target.cursor}`} rows={context.data} focusSeq={target.seq} live={false} />
        ) : (
          <p className="muted">Loading the events around it…</p>
        )}
      </>
    );
  } else if (filtered.length === 0) {
    body = <p className="muted">{searchingServer ? 'No loaded event matches.' : 'No event matches.'}</p>;
  } else {
    body = <EventTimeline key="log" rows={filtered} focusSeq={target?.seq ?? null} onReachStart={reachStart} />;
  }

  return (
    <section className="event-log" aria-labelledby="event-log-heading">
      <div className="event-log__bar">
        <h2 id="event-log-heading">Event log</h2>
        <FilterSelect label="Type" allLabel="All types" options={types} value={type} onChange={changeFilter(setType)} />
        <FilterSelect label="Class" allLabel="All classes" options={classes} value={eventClass} onChange={changeFilter(setEventClass)} />
        <FindField onTextChange={changeFilter(setText)} onStep={step} />
        <span className="muted">
          {filtered.length === rows.length ? `${formatCount(rows.length)} events` : `${formatCount(filtered.length)} of ${formatCount(rows.length)} events`}
        </span>
        {hasEarlier && <span className="muted">(the newest loaded)</span>}
      </div>
      {searchingServer && (
        <EventSearchResults
          text={filters.q}
          progress={progress}
          searching={search.isFetching}
          error={search.isError ? describeError(search.error) : null}
          onSearchOn={() => void search.fetchNextPage()}
          onRetry={() => void search.refetch()}
          chosenCursor={target?.cursor ?? null}
          onChoose={choose}
        />
      )}
      {body}
    </section>
  );
});

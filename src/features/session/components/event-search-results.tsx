import { formatDateTime, formatZonedClock } from '../../../lib/format/format';
import type { StoredEventRecord } from '../../../protocol/api-schemas';
import { timestampMs } from '../../../protocol/envelope';
import { maskEventForDisplay } from '../utils/mask-event';
import { matchSnippet } from '../utils/match-snippet';
import { describeSearchProgress, type SearchProgress } from '../utils/search-progress';
import { summarizeEvent } from '../utils/summarize-event';

export interface EventSearchResultsProps {
  /** The text searched for, to show where in each match it lies. */
  text: string;
  progress: SearchProgress | null;
  searching: boolean;
  error: string | null;
  onSearchOn: () => void;
  onRetry: () => void;
  /** The cursor of the match shown in the log, if any. */
  chosenCursor: number | null;
  onChoose: (match: StoredEventRecord) => void;
}

/** One match: when, what type, and the words around the text found (else the event's summary). */
function MatchLine({ match, text }: { match: StoredEventRecord; text: string }) {
  const ms = timestampMs(match.event.ts);
  const masked = maskEventForDisplay(match.event);
  return (
    <>
      <time dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)}>
        {formatZonedClock(ms, { milliseconds: true })}
      </time>
      <span className="event-search__type">{match.event.type}</span>
      <span className="event-search__text">{matchSnippet(masked, text) ?? summarizeEvent(match.event).text}</span>
    </>
  );
}

/**
 * What the server's search through every stored event found, newest first:
 * how much it has searched, a way to search on, and each match as a button
 * that shows it in the log.
 */
export function EventSearchResults(props: EventSearchResultsProps) {
  const { progress, searching, error } = props;
  let status: string;
  if (error !== null) status = `The search of stored events failed: ${error}`;
  else if (progress === null) status = 'Searching all stored events…';
  else status = `${describeSearchProgress(progress)}${searching ? ' · searching…' : ''}`;
  return (
    <section className="event-search" aria-label="Search of all stored events">
      <div className="event-search__bar">
        <output className="event-search__status">{status}</output>
        {error !== null && (
          <button type="button" className="button button--quiet" onClick={props.onRetry}>
            Try again
          </button>
        )}
        {error === null && progress !== null && !progress.complete && (
          <button type="button" className="button button--quiet" onClick={props.onSearchOn} disabled={searching}>
            Search older events
          </button>
        )}
      </div>
      {progress !== null && progress.matches.length > 0 && (
        <ol className="event-search__matches" aria-label="Matches in stored events">
          {progress.matches.map((match) => (
            <li key={match.cursor}>
              <button
                type="button"
                className="event-search__match"
                aria-current={match.cursor === props.chosenCursor ? 'true' : undefined}
                onClick={() => props.onChoose(match)}
              >
                <MatchLine match={match} text={props.text} />
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

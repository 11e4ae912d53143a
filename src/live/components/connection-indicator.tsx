import { useNow } from '../../lib/time/use-now';
import { useConnectionDetails } from '../hooks/use-connection-status';
import { retryLiveConnectionNow } from '../live-connection';
import type { ConnectionStatus } from '../live-types';
import { retrySecondsLeft } from '../utils/retry-countdown';

const labels: Record<ConnectionStatus['kind'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  unauthorized: 'Token required',
};

/** Ticks once a second, and only while a retry is pending, so the rest of the header does not. */
function RetryCountdown({ retryAt, delayMs }: { retryAt: number; delayMs: number | null }) {
  const seconds = retrySecondsLeft(retryAt, delayMs, useNow(1_000));
  return <>{seconds > 0 ? `retry in ${seconds} s` : 'retrying…'}</>;
}

function detailOf(status: ConnectionStatus) {
  switch (status.kind) {
    case 'live':
      return status.replaying ? 'catching up' : null;
    case 'reconnecting':
      return (
        <>
          attempt {status.attempt} · {status.retryAt === null ? 'trying now' : <RetryCountdown retryAt={status.retryAt} delayMs={status.delayMs} />}
        </>
      );
    case 'offline':
      return 'waiting for network';
    case 'unauthorized':
      return 'sign in to see live sessions';
    case 'connecting':
      return null;
  }
}

/**
 * The always-visible state of the live socket. The word is in a status live
 * region (announced when it changes); the ticking detail sits beside it, outside
 * the region, so a screen reader is not told the countdown every second.
 * State is carried by text and shape, colour only repeats it.
 */
export function ConnectionIndicator() {
  const { status, droppedEvents, invalidEvents, serverError } = useConnectionDetails();
  const detail = detailOf(status);
  const notes = [
    droppedEvents > 0 ? `${droppedEvents} live updates skipped while this tab was behind` : null,
    invalidEvents > 0 ? `${invalidEvents} events refused (protocol mismatch)` : null,
    serverError ? `Server said: ${serverError}` : null,
  ].filter((note): note is string => note !== null);

  return (
    <div className="connection" data-state={status.kind} title={notes.join('\n') || undefined}>
      <span className="connection__dot" aria-hidden="true" />
      {/* <output> is a status live region: announced politely when the word changes. */}
      <output className="connection__label">{labels[status.kind]}</output>
      {detail && <span className="connection__detail">{detail}</span>}
      {status.kind === 'reconnecting' && status.retryAt !== null && (
        <button type="button" className="button button--quiet connection__retry" onClick={retryLiveConnectionNow}>
          Retry now
        </button>
      )}
      {notes.length > 0 && (
        <span className="connection__warning">
          <span aria-hidden="true">⚠</span>
          <span className="visually-hidden">{notes.join('. ')}</span>
        </span>
      )}
    </div>
  );
}

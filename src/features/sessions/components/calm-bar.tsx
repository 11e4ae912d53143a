import { useDisplayTimeZone } from '../../../lib/time/time-zone-store';
import { formatZonedClock } from '../../../lib/format/format';

export interface CalmBarProps {
  paused: boolean;
  /** The order is held (paused, or the pointer or focus is in the table). */
  holding: boolean;
  /** Updates the latest order would make to what is shown. */
  waiting: number;
  frozenSinceMs: number | null;
  onPause: (paused: boolean) => void;
  onApply: () => void;
}

/**
 * Above the table: whether its order is held and how many updates wait, a
 * pause toggle, and, while the live connection is down, since when the
 * greyed figures are frozen.
 */
export function CalmBar({ paused, holding, waiting, frozenSinceMs, onPause, onApply }: CalmBarProps) {
  const zone = useDisplayTimeZone();
  return (
    <div className="calm-bar">
      <button type="button" className="button button--quiet" aria-pressed={paused} onClick={() => onPause(!paused)}>
        {paused ? 'Resume order' : 'Pause order'}
      </button>
      <output className="calm-bar__state muted">
        {holding && (paused ? 'Order paused' : 'Order held while you read')}
        {holding && waiting > 0 && ` · ${waiting} ${waiting === 1 ? 'update' : 'updates'} waiting`}
      </output>
      {holding && waiting > 0 && (
        <button type="button" className="button" onClick={onApply}>
          Show updates
        </button>
      )}
      {frozenSinceMs !== null && (
        <p className="calm-bar__frozen" role="status">
          Not live: greyed figures are as of {formatZonedClock(frozenSinceMs, { timeZone: zone })} and update again once reconnected.
        </p>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';
import { formatZonedClock } from '../lib/format/format';
import { useDisplayTimeZone } from '../lib/time/time-zone-store';

/**
 * A figure that can no longer update because the live connection is down:
 * greyed, and saying when it was last current, so nobody reads a frozen
 * number as a live one. `sinceMs` null: live, shown as is.
 */
export function FrozenFigure({ sinceMs, children }: { sinceMs: number | null; children: ReactNode }) {
  const timeZone = useDisplayTimeZone();
  if (sinceMs === null) return children;
  return (
    <span className="frozen-figure" data-frozen="true" title="Not updating: the live connection is down">
      <span className="frozen-figure__value">{children}</span> <span className="frozen-figure__as-of">as of {formatZonedClock(sinceMs, { timeZone })}</span>
    </span>
  );
}

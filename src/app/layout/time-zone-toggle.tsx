import { useNow } from '../../lib/time/use-now';
import { browserTimeZone, zoneAbbreviation } from '../../lib/time/time-zone';
import { useDisplayTimeZone, useTimeZoneStore } from '../../lib/time/time-zone-store';

/** Times in the browser's zone or in UTC, for the whole app; the choice is kept in localStorage. */
export function TimeZoneToggle() {
  const choice = useTimeZoneStore((state) => state.choice);
  const setChoice = useTimeZoneStore((state) => state.setChoice);
  const zone = useDisplayTimeZone();
  const nowMs = useNow(60_000);
  const next = choice === 'utc' ? 'local' : 'utc';
  const nextName = next === 'utc' ? 'UTC' : `your zone (${browserTimeZone()})`;
  return (
    <button
      type="button"
      className="button button--quiet time-zone-toggle"
      onClick={() => setChoice(next)}
      aria-label={`Times shown in ${zone}. Switch to ${nextName}`}
      title={`Times are shown in ${zone}. Click for ${nextName}`}
      data-testid="time-zone-toggle"
    >
      {/* Drawn, not an emoji: on a machine without an emoji font the clock showed as an empty box. */}
      <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M12 7v5l3 2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      {/* The short name keeps the header narrow; the full zone is in the label and the tooltip. */}
      {zoneAbbreviation(nowMs, zone)}
    </button>
  );
}

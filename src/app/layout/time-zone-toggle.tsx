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
      {/* The short name keeps the header narrow; the full zone is in the label and the tooltip. */}
      <span aria-hidden="true">🕓</span> {zoneAbbreviation(nowMs, zone)}
    </button>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { rangePresetLabels, rangePresets, type RangePreset, type TimeRange } from '../lib/time/time-range';
import { fromZonedInput, toZonedInput, zoneAbbreviation } from '../lib/time/time-zone';
import { useDisplayTimeZone } from '../lib/time/time-zone-store';

export interface TimeRangePickerProps {
  value: TimeRange;
  onChange: (next: TimeRange) => void;
  /** The start of the window on screen, to begin a custom range from. */
  shownFromMs: number;
  nowMs: number;
}

/**
 * Preset ranges as a group of pressed buttons, and a custom from/to applied
 * with a button (a half-typed date is not a query). Give it a `key` from the
 * URL's bounds so its fields follow back / forward navigation.
 */
export function TimeRangePicker({ value, onChange, shownFromMs, nowMs }: TimeRangePickerProps) {
  const id = useId();
  // The URL holds instants (Unix ms), the same for every viewer; the fields show them on the app's zone, named beside them.
  const timeZone = useDisplayTimeZone();
  const toLocalInput = (ms: number) => toZonedInput(ms, timeZone);
  const fromLocalInput = (text: string) => (text === '' ? null : fromZonedInput(text, timeZone));
  const [from, setFrom] = useState(() => toLocalInput(value.fromMs ?? shownFromMs));
  const [to, setTo] = useState(() => (value.toMs === null ? '' : toLocalInput(value.toMs)));
  const [error, setError] = useState<string | null>(null);

  const pick = (range: RangePreset) => {
    if (range !== 'custom') return onChange({ range, fromMs: null, toMs: null });
    // Start from what is on screen, open-ended (live) until the user sets an end.
    setFrom(toLocalInput(shownFromMs));
    setTo('');
    onChange({ range, fromMs: shownFromMs, toMs: null });
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const fromMs = fromLocalInput(from);
    const toMs = fromLocalInput(to);
    if (fromMs === null) return setError('"From" is needed');
    if (toMs !== null && toMs <= fromMs) return setError('"From" must be before "to"');
    if (fromMs > nowMs) return setError('"From" is in the future');
    setError(null);
    onChange({ range: 'custom', fromMs, toMs });
  };

  return (
    <div className="range-picker">
      <div className="range-picker__presets" role="group" aria-label="Time range">
        {rangePresets.map((range) => (
          <button key={range} type="button" className="chip" aria-pressed={value.range === range} onClick={() => pick(range)}>
            {rangePresetLabels[range]}
            {range === '15m' && <span className="chip__count"> live</span>}
          </button>
        ))}
      </div>
      {value.range === 'custom' && (
        <form className="range-picker__custom" onSubmit={apply} aria-label="Custom time range">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} title="Empty: up to now" />
          <span className="muted" data-testid="range-zone" title={timeZone}>
            {timeZone === 'UTC' ? 'UTC' : `${timeZone} (${zoneAbbreviation(fromLocalInput(from) ?? nowMs, timeZone)})`}
          </span>
          <button type="submit" className="button">
            Apply
          </button>
          {error && (
            <span className="inline-warning" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}

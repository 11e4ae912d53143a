import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDayMinute, formatHourMinute } from '../format/format';
import { fromZonedInput, isZoneChoice, resolveTimeZone, toZonedInput, zoneAbbreviation, zoneOffsetMs } from './time-zone';

describe('zone choice', () => {
  it('is the browser zone by default and UTC on request', () => {
    expect(resolveTimeZone('local', 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(resolveTimeZone('utc', 'Asia/Tokyo')).toBe('UTC');
    expect(isZoneChoice('utc')).toBe(true);
    expect(isZoneChoice('Europe/Berlin')).toBe(false);
  });

  it('names the zone as it is at that instant (summer time included)', () => {
    expect(zoneAbbreviation(Date.UTC(2026, 0, 15), 'UTC')).toBe('UTC');
    expect(zoneAbbreviation(Date.UTC(2026, 0, 15), 'Europe/Berlin')).toBe('CET');
    expect(zoneAbbreviation(Date.UTC(2026, 6, 15), 'Europe/Berlin')).toBe('CEST');
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15), 'America/New_York')).toBe(-4 * 3_600_000);
  });
});

describe('datetime-local on a zone', () => {
  const instant = Date.UTC(2026, 10, 24, 13, 5);

  it('shows one instant as each zone\'s wall clock, and reads each back to the same instant', () => {
    expect(toZonedInput(instant, 'UTC')).toBe('2026-11-24T13:05');
    expect(toZonedInput(instant, 'Asia/Kolkata')).toBe('2026-11-24T18:35');
    expect(toZonedInput(instant, 'America/Los_Angeles')).toBe('2026-11-24T05:05');
    expect(fromZonedInput('2026-11-24T18:35', 'Asia/Kolkata')).toBe(instant);
    expect(fromZonedInput('2026-11-24T05:05', 'America/Los_Angeles')).toBe(instant);
  });

  it('rejects what is not a date', () => {
    for (const bad of ['', 'not a date', '2026-02-31T10:00', '2026-13-01T10:00', '2026-01-01T24:00']) expect(fromZonedInput(bad, 'UTC')).toBeNull();
  });

  it('handles summer-time jumps: a skipped wall time lands after the jump, a repeated one on its first instant', () => {
    // Berlin, 29 Mar 2026: 02:00 CET jumps to 03:00 CEST; 25 Oct 2026: 03:00 CEST falls back to 02:00 CET.
    expect(fromZonedInput('2026-03-29T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(fromZonedInput('2026-10-25T02:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  it('round-trips every whole minute in several zones', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }).map((m) => m * 60_000), fc.constantFrom(...zones), (ms, zone) => {
        const back = fromZonedInput(toZonedInput(ms, zone), zone)!;
        // A repeated wall hour maps back to its first instant, so it equals or precedes the original by the jump.
        expect(toZonedInput(back, zone)).toBe(toZonedInput(ms, zone));
        expect(back).toBeLessThanOrEqual(ms);
      }),
    );
  });
});

describe('absolute times say their zone', () => {
  const instant = Date.UTC(2026, 10, 24, 13, 0, 0);
  it('formats date-times with the zone name', () => {
    expect(formatDateTime(instant, 'UTC')).toBe('24 Nov 2026, 13:00:00 UTC');
    expect(formatDateTime(instant, 'Europe/Berlin')).toBe('24 Nov 2026, 14:00:00 CET');
    expect(formatDateTime(instant, 'America/New_York')).toBe('24 Nov 2026, 08:00:00 GMT-5');
  });
  it('has axis labels with and without the date', () => {
    expect(formatHourMinute(instant, 'UTC')).toBe('13:00');
    expect(formatDayMinute(instant, 'UTC')).toBe('24 Nov, 13:00');
  });
});

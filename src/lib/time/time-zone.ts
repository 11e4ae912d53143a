// Which zone absolute times are shown in, and the conversions a zoned
// date-time input needs. Pure (the browser's zone is passed in or read from
// Intl), so the picker, the axes and the tests agree on the same instants.

/** `local`: the browser's zone (the default); `utc`: UTC, for comparing with logs and colleagues. */
export type ZoneChoice = 'local' | 'utc';
export const zoneChoices: readonly ZoneChoice[] = ['local', 'utc'];

export function isZoneChoice(value: unknown): value is ZoneChoice {
  return value === 'local' || value === 'utc';
}

let browserZone: string | undefined;

/**
 * The browser's IANA zone, e.g. `Europe/Berlin`. Read once: building an
 * Intl.DateTimeFormat is costly, and every row that shows a time asks.
 */
export function browserTimeZone(): string {
  browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return browserZone;
}

/** The IANA zone a choice stands for. */
export function resolveTimeZone(choice: ZoneChoice, browserZone: string = browserTimeZone()): string {
  return choice === 'utc' ? 'UTC' : browserZone;
}

const abbreviations = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant (it changes with summer time): `UTC`, `CET`, `CEST`, `GMT-5`. */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  let format = abbreviations.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    abbreviations.set(timeZone, format);
  }
  return format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(ms: number, timeZone: string): WallTime {
  const parts = wallClock(timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const wall = wallTime(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2) => n.toString().padStart(width, '0');

/** An instant as a `datetime-local` value (`2026-11-24T13:05`) on the wall clock of `timeZone`. */
export function toZonedInput(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const inputPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value read on the wall clock of `timeZone`, as the instant
 * (Unix ms); null when empty or not a date. A wall time skipped by a summer-time
 * jump reads as the instant just after the jump; one that happens twice, as the first.
 */
export function fromZonedInput(value: string, timeZone: string): number | null {
  const match = inputPattern.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCDate() !== day) return null; // 31 Feb and the like
  // Offsets change at most a few times a year: the ones 12 h either side cover any jump near this wall time.
  const HALF_DAY = 43_200_000;
  const candidates = [asUtc - HALF_DAY, asUtc, asUtc + HALF_DAY].map((probe) => asUtc - zoneOffsetMs(probe, timeZone));
  const wanted = value.slice(0, 16);
  const matching = candidates.filter((ms) => toZonedInput(ms, timeZone) === wanted);
  // Twice on the clock (summer time ends): the first. Never on it (summer time starts): shifted by the gap, after it.
  return matching.length > 0 ? Math.min(...matching) : Math.max(...candidates);
}

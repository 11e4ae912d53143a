// Pure formatters for every number the dashboard shows. Locale is fixed to
// en-US so figures read the same as the English UI around them (and tests are
// deterministic); dates follow the app's zone (set by the time-zone store:
// the browser's or UTC) unless one is passed, and say which zone they are in.

const DASH = '—';

const tokenUnits = [
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'k' },
] as const;

/** One decimal below 100 of a unit, none above: 1.2k, 12.3k, 123k. */
function scaled(value: number, size: number): string {
  const scaledValue = value / size;
  return scaledValue < 100 ? scaledValue.toFixed(1) : Math.round(scaledValue).toString();
}

/** Token counts: 950, 1.2k, 123k, 3.4M, 1.1B. */
export function formatTokens(count: number): string {
  if (!Number.isFinite(count)) return DASH;
  const sign = count < 0 ? '-' : '';
  const value = Math.abs(count);
  if (value < 1000) return `${sign}${Math.round(value)}`;
  // Walk from the smallest unit up, so 999,950 becomes 1.0M and not 1000k.
  for (let i = tokenUnits.length - 1; i >= 0; i--) {
    const unit = tokenUnits[i]!;
    const next = tokenUnits[i - 1];
    const text = scaled(value, unit.size);
    if (!next || Number(text) < 1000) return `${sign}${text}${unit.suffix}`;
  }
  return DASH;
}

/** One formatter for every count: toLocaleString builds a new one per call, which shows in a frame's profile. */
const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Plain counts with separators: 12,345. */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? countFormat.format(Math.round(count)) : DASH;
}

const usdSmall = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const usdLarge = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * USD: $0.0042 below a dollar (model calls are cheap, cents hide them), $12.34
 * and $1,234.56 above. `null` means the model has no price: shown as such, never as $0.
 */
export function formatUsd(amount: number | null): string {
  if (amount === null) return 'unpriced';
  if (!Number.isFinite(amount)) return DASH;
  if (amount > 0 && amount < 0.0001) return '<$0.0001';
  return Math.abs(amount) < 1 ? usdSmall.format(amount) : usdLarge.format(amount);
}

/** Short USD for chart axes and legends: $0.0042, $4.20, $42, $1.2k, $3.4M (the exact figure sits in a table or tooltip). */
export function formatUsdCompact(amount: number): string {
  if (!Number.isFinite(amount)) return DASH;
  const value = Math.abs(amount);
  const sign = amount < 0 ? '-' : '';
  if (value < 1) return formatUsd(amount);
  if (value < 10) return `${sign}$${value.toFixed(2)}`;
  if (value < 1000) return `${sign}$${Math.round(value)}`;
  return `${sign}$${formatTokens(value)}`;
}

const pad2 = (n: number) => n.toString().padStart(2, '0');

/** Durations: 820 ms, 1.5 s, 2m 05s, 1h 02m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  const rounded = Math.round(ms);
  if (rounded < 1000) return `${rounded} ms`;
  // Decide the unit on the rounded figure, so 59.96 s reads 1m 00s and not 60.0 s.
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}h ${pad2(minutes)}m` : `${minutes}m ${pad2(seconds)}s`;
}

/** A session's age in whole units, steady enough to tick once a second: "27 s", "10m 19s", "2h 05m", "3d 04h". */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  if (days > 0) return `${days}d ${pad2(hours)}h`;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  return `${minutes}m ${pad2(totalSeconds % 60)}s`;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; older than a week, the date. */
export function formatRelativeTime(thenMs: number, nowMs: number, timeZone?: string): string {
  if (!Number.isFinite(thenMs) || !Number.isFinite(nowMs)) return DASH;
  // A producer's clock slightly ahead of ours is not "in the future" to a reader.
  const seconds = Math.floor(Math.max(0, nowMs - thenMs) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d ago`;
  return formatDate(thenMs, timeZone);
}

/** A fraction as a percentage: 42%; "<1%" for a sliver; never "100%" until it is. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return DASH;
  const percent = fraction * 100;
  if (percent > 0 && percent < 1) return '<1%';
  const rounded = Math.round(percent);
  if (rounded >= 100 && fraction < 1) return '99%';
  return `${rounded}%`;
}

/**
 * Building an Intl.DateTimeFormat costs far more than using one (event rows
 * format thousands of times a second under load): one per options and zone.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone used when a caller passes none; undefined is the browser's. One setter: src/lib/time/time-zone-store.ts. */
let defaultTimeZone: string | undefined;
export function setDefaultTimeZone(timeZone: string | undefined): void {
  defaultTimeZone = timeZone;
}

type DateKind = 'clock' | 'zoned-clock' | 'datetime' | 'date' | 'day-minute' | 'hour-minute';
function dateFormat(kind: DateKind, zone: string | undefined): Intl.DateTimeFormat {
  const timeZone = zone ?? defaultTimeZone;
  const key = `${kind}|${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' },
      'zoned-clock': { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23', timeZoneName: 'short' },
      // The zone's short name at that instant (UTC, CET, CEST, GMT-5): a time without its zone is a guess.
      datetime: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' },
      date: { dateStyle: 'medium' },
      'day-minute': { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      'hour-minute': { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    };
    format = new Intl.DateTimeFormat('en-GB', { ...options[kind], timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * `13:00:00.123` with no zone: only for chart axis ticks, where the chart names
 * the zone once. A time a reader sees on its own goes through formatZonedClock.
 */
export function formatClockTime(ms: number, timeZone?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  const parts = dateFormat('clock', timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}:${part('second')}.${part('fractionalSecond')}`;
}

/**
 * `13:00:07 UTC`, `13:00:07 CEST`, `08:00:07 GMT-5` (with `milliseconds`:
 * `13:00:07.123 UTC`): a time of day that names its zone, as it is called at
 * that instant. For every time shown without its date (event rows, "Done at",
 * chart tooltips); one formatToParts per call, cheap enough for event rows.
 */
export function formatZonedClock(ms: number, options: { timeZone?: string; milliseconds?: boolean } = {}): string {
  if (!Number.isFinite(ms)) return DASH;
  const parts = dateFormat('zoned-clock', options.timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  const fraction = options.milliseconds ? `.${part('fractionalSecond')}` : '';
  return `${part('hour')}:${part('minute')}:${part('second')}${fraction} ${part('timeZoneName')}`;
}

/** The short name of the zone times are shown in at an instant (`UTC`, `CET`, `GMT-5`), as formatZonedClock writes it. */
export function formatZoneName(ms: number, timeZone?: string): string {
  if (!Number.isFinite(ms)) return '';
  return dateFormat('zoned-clock', timeZone).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** `24 Nov 2026, 13:00:00 UTC`, for tooltips and the session header: always with the zone. */
export function formatDateTime(ms: number, timeZone?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  return dateFormat('datetime', timeZone).format(ms);
}

/** `24 Nov 2026`. */
export function formatDate(ms: number, timeZone?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  return dateFormat('date', timeZone).format(ms);
}

/** `13:05`, for axis ticks inside one day. */
export function formatHourMinute(ms: number, timeZone?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  return dateFormat('hour-minute', timeZone).format(ms);
}

/** `24 Nov, 13:05`, for axis ticks over more than a day. */
export function formatDayMinute(ms: number, timeZone?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  return dateFormat('day-minute', timeZone).format(ms);
}

/** The first block of a UUID-like id: enough to tell sessions apart in a table. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/**
 * Short ids that never collide among what is shown: each id's shortest prefix of
 * at least `minLength` characters that no other id in `ids` starts with (two ids
 * sharing their first 8 characters both grow until they differ); an id that is a
 * prefix of another is shown whole.
 */
export function uniqueShortIds(ids: Iterable<string>, minLength = 8): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const common = (a: string | undefined, b: string) => {
    if (a === undefined) return 0;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const shorts = new Map<string, string>();
  // Sorted, an id shares its longest prefix with a neighbour: one more character than that tells it apart.
  sorted.forEach((id, i) => {
    const length = Math.max(minLength, common(sorted[i - 1], id) + 1, common(sorted[i + 1], id) + 1);
    shorts.set(id, id.slice(0, length));
  });
  return shorts;
}

/** How a session is named in a picker or a table: its title with its short id, or the short id alone. */
export function sessionLabel(title: string | null | undefined, short: string): string {
  const trimmed = title?.trim();
  return trimmed ? `${trimmed} · ${short}` : short;
}

/** One line of at most `max` characters: whitespace collapsed, an ellipsis when cut. */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Decimals a figure below a dollar needs to say what formatUsd says of it (2 to 4: $0.60, $0.609, $0.0135). */
const MAX_USD_DECIMALS = 4;

function usdDecimalsNeeded(amount: number): number {
  const value = Math.abs(amount);
  if (value >= 1 || value < 0.0001) return 2;
  const finest = Number(value.toFixed(MAX_USD_DECIMALS));
  for (let decimals = 2; decimals < MAX_USD_DECIMALS; decimals++) if (Number(value.toFixed(decimals)) === finest) return decimals;
  return MAX_USD_DECIMALS;
}

/**
 * One formatter for a whole column of dollar figures, so every cell has the same
 * number of decimals and the column reads as aligned figures: as many as its most
 * precise figure needs (cents, up to a hundredth of a cent below a dollar, as
 * formatUsd), never fewer for one cell than for another. `null` still reads
 * "unpriced", never $0; a sliver "<$0.0001".
 */
export function usdColumnFormatter(amounts: readonly (number | null)[]): (amount: number | null) => string {
  let decimals = 2;
  for (const amount of amounts) {
    if (amount !== null && Number.isFinite(amount)) decimals = Math.max(decimals, usdDecimalsNeeded(amount));
    // No figure needs more: the rest of a long column (2,000 sessions) need not be looked at.
    if (decimals === MAX_USD_DECIMALS) break;
  }
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return (amount) => {
    if (amount === null) return 'unpriced';
    if (!Number.isFinite(amount)) return DASH;
    if (amount > 0 && amount < 0.0001) return '<$0.0001';
    return format.format(amount);
  };
}

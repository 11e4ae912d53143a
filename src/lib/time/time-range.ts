import { oneOf, wholeNumber } from '../url-state/lenient-values';

// The time range every analytics page (Cost, RLM, Compaction) shows, and the
// bucket each one is drawn with. Pure, so the URL, the queries and the chart
// agree on the same figures. In the URL: `?range=7d`, or
// `?range=custom&from=1764000000000&to=1764086400000` (`to` left out: up to now).

export const rangePresets = ['15m', '1h', '24h', '7d', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

export const rangePresetLabels: Record<RangePreset, string> = {
  '15m': '15 min',
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  custom: 'Custom',
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const presetSpanMs: Record<Exclude<RangePreset, 'custom'>, number> = {
  '15m': 15 * MINUTE,
  '1h': HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
};

/** Bucket sizes a chart may use, smallest first; each divides a day or is whole days. */
const bucketSteps = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY] as const;

/** More bars than this and a bar is too thin to click or read. */
export const MAX_BUCKETS = 48;

/** The smallest bucket that draws `spanMs` in at most MAX_BUCKETS bars: 15 min→1m, 1 h→5m, 24 h→30m, 7 d→6h. */
export function autoBucketMs(spanMs: number): number {
  for (const step of bucketSteps) if (spanMs / step <= MAX_BUCKETS) return step;
  return bucketSteps[bucketSteps.length - 1];
}

/** `1m`, `30m`, `6h`, `1d`: how the API's `bucket` parameter reads. */
export function bucketParam(bucketMs: number): string {
  if (bucketMs % DAY === 0) return `${bucketMs / DAY}d`;
  if (bucketMs % HOUR === 0) return `${bucketMs / HOUR}h`;
  if (bucketMs % MINUTE === 0) return `${bucketMs / MINUTE}m`;
  return String(bucketMs);
}

// Custom bounds are instants (Unix ms): a shared URL means the same moments for
// every viewer; src/lib/time/time-zone.ts shows and reads them on the app's zone.

export interface TimeRange {
  range: RangePreset;
  /** Custom range bounds (Unix ms); null when not set, and always with a preset. */
  fromMs: number | null;
  toMs: number | null;
}

export const defaultTimeRange: TimeRange = { range: '24h', fromMs: null, toMs: null };

/** Parses leniently: a range that does not fit is the default, an end before the start is dropped (up to now). */
export function parseTimeRange(search: URLSearchParams): TimeRange {
  const range = oneOf(rangePresets, search.get('range'), defaultTimeRange.range);
  if (range !== 'custom') return { range, fromMs: null, toMs: null };
  const fromMs = wholeNumber(search.get('from'), 0);
  const toMs = wholeNumber(search.get('to'), 0);
  return { range, fromMs, toMs: fromMs !== null && toMs !== null && toMs <= fromMs ? null : toMs };
}

/** Writes the range into `search`, the default left out so the plain page has a plain URL; bounds only with `custom`. */
export function writeTimeRange(search: URLSearchParams, range: TimeRange): void {
  if (range.range !== defaultTimeRange.range) search.set('range', range.range);
  if (range.range !== 'custom') return;
  if (range.fromMs !== null) search.set('from', String(range.fromMs));
  if (range.toMs !== null) search.set('to', String(range.toMs));
}

export interface ResolvedRange {
  fromMs: number;
  /** Null: open-ended, up to now (a live range). */
  toMs: number | null;
  bucketMs: number;
  /** The range includes now: new records land in it. */
  live: boolean;
}

/**
 * The concrete window for a range. A live preset starts on a bucket boundary
 * (the first bar is whole) and stays open at the end, so the query key only
 * changes once a bucket, not on every clock tick.
 */
export function resolveRange({ range, fromMs, toMs }: TimeRange, nowMs: number): ResolvedRange {
  if (range === 'custom') {
    const start = fromMs ?? (toMs ?? nowMs) - DAY;
    const end = toMs ?? nowMs;
    const bucketMs = autoBucketMs(Math.max(end - start, MINUTE));
    return { fromMs: start, toMs, bucketMs, live: toMs === null || toMs >= nowMs };
  }
  const span = presetSpanMs[range];
  const bucketMs = autoBucketMs(span);
  return { fromMs: Math.floor((nowMs - span) / bucketMs) * bucketMs, toMs: null, bucketMs, live: true };
}

/** The bucket starts from the range's first bucket up to the one holding `endMs`, for an axis without gaps. */
export function bucketStarts(fromMs: number, endMs: number, bucketMs: number): number[] {
  const first = Math.floor(fromMs / bucketMs) * bucketMs;
  const starts: number[] = [];
  // A hand-made URL could ask for years of minutes: never build more than a screenful.
  for (let t = first; t <= endMs && starts.length < 1000; t += bucketMs) starts.push(t);
  return starts;
}

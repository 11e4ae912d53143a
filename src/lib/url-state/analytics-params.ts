import { z } from 'zod';
import { defaultTimeRange, parseTimeRange, writeTimeRange, type ResolvedRange, type TimeRange } from '../time/time-range';

// The RLM and Compaction pages' view state: the shared time range plus an
// optional session filter, all of it in the URL so a view can be shared:
// `?range=7d&session=abc`.

export interface AnalyticsParams extends TimeRange {
  session: string;
}

export const defaultAnalyticsParams: AnalyticsParams = { ...defaultTimeRange, session: '' };

const sessionSchema = z.string().trim().max(128).regex(/^[A-Za-z0-9_-]*$/);

/** Parses leniently: a hand-edited value that does not fit falls back to its default, the rest still applies. */
export function parseAnalyticsParams(search: URLSearchParams): AnalyticsParams {
  const session = sessionSchema.safeParse(search.get('session') ?? '');
  return { ...parseTimeRange(search), session: session.success ? session.data : '' };
}

/** Defaults left out, so the plain page has a plain URL. */
export function analyticsParamsToSearch(params: AnalyticsParams): URLSearchParams {
  const search = new URLSearchParams();
  writeTimeRange(search, params);
  if (params.session) search.set('session', params.session);
  return search;
}

/** The filters every analytics endpoint takes (range and session), ready for the query string. */
export type AnalyticsFilters = { from: number; to?: number; session?: string };

export function rangeQueryParams(range: Pick<ResolvedRange, 'fromMs' | 'toMs'>, session: string): AnalyticsFilters {
  return { from: range.fromMs, ...(range.toMs !== null ? { to: range.toMs } : {}), ...(session ? { session } : {}) };
}

import { useMemo } from 'react';
import { analyticsParamsToSearch, parseAnalyticsParams, rangeQueryParams, type AnalyticsFilters, type AnalyticsParams } from './analytics-params';
import { resolveRange, type ResolvedRange } from '../time/time-range';
import { useNow } from '../time/use-now';
import { useUrlViewState } from './url-view-state';

export interface AnalyticsView {
  params: AnalyticsParams;
  setParams: (next: AnalyticsParams) => void;
  range: ResolvedRange;
  /** `from`, `to`, `session` for the API, stable while the range is. */
  filters: AnalyticsFilters;
  nowMs: number;
}

/** An analytics page's range and session filter, read from and written to the URL. */
export function useAnalyticsParams(): AnalyticsView {
  const [params, setParams] = useUrlViewState(parseAnalyticsParams, analyticsParamsToSearch);
  // Presets slide with the clock, a bucket at a time (see resolveRange).
  const nowMs = useNow(60_000);
  const range = resolveRange(params, nowMs);
  const { fromMs, toMs } = range;
  const filters = useMemo(() => rangeQueryParams({ fromMs, toMs }, params.session), [fromMs, toMs, params.session]);
  return { params, setParams, range, filters, nowMs };
}

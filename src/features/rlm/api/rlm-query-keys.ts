import type { AnalyticsFilters } from '../../../lib/url-state/analytics-params';
import type { QueryParams } from '../../../lib/api/api-url';

/** The RLM page's filters as the API reads them: range (from / to) and session. */
export type RlmFilters = AnalyticsFilters;

/** One key factory for the RLM page: `all` > completions / fallbacks / stats / spend, each by filters. */
export const rlmKeys = {
  all: ['rlm'] as const,
  completions: (filters: RlmFilters) => [...rlmKeys.all, 'completions', filters] as const,
  fallbacks: (filters: RlmFilters) => [...rlmKeys.all, 'fallbacks', filters] as const,
  stats: (filters: RlmFilters, bucketMs: number) => [...rlmKeys.all, 'stats', filters, bucketMs] as const,
  spend: (filters: RlmFilters) => [...rlmKeys.all, 'spend', filters] as const,
};

export const filtersToParams = (filters: RlmFilters): QueryParams => ({ ...filters });

import type { AnalyticsFilters } from '../../../lib/url-state/analytics-params';

/** The compaction page's filters as the API reads them: range (from / to) and session. */
export type CompactionFilters = AnalyticsFilters;

/** One key factory for the compaction page: `all` > records / stats, each by filters. */
export const compactionKeys = {
  all: ['compactions'] as const,
  records: (filters: CompactionFilters) => [...compactionKeys.all, 'records', filters] as const,
  stats: (filters: CompactionFilters, bucketMs: number) => [...compactionKeys.all, 'stats', filters, bucketMs] as const,
};

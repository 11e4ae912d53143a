import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { compactionStatsSchema, type CompactionStats } from '../../../protocol/api-schemas';
import { compactionKeys, type CompactionFilters } from './compaction-query-keys';

/** `GET /api/v1/compactions/stats`: totals and the strategy mix per bucket. */
export function getCompactionStats(filters: CompactionFilters, bucketMs: number, signal?: AbortSignal): Promise<CompactionStats> {
  return apiGet('/compactions/stats', compactionStatsSchema, { params: { ...filters, bucket: bucketMs }, signal });
}

export function compactionStatsQueryOptions(filters: CompactionFilters, bucketMs: number) {
  return queryOptions({
    queryKey: compactionKeys.stats(filters, bucketMs),
    queryFn: ({ signal }) => getCompactionStats(filters, bucketMs, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCompactionStats(filters: CompactionFilters, bucketMs: number) {
  return useQuery(compactionStatsQueryOptions(filters, bucketMs));
}

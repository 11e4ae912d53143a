import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { rlmStatsSchema, type RlmStats } from '../../../protocol/api-schemas';
import { filtersToParams, rlmKeys, type RlmFilters } from './rlm-query-keys';

/** `GET /api/v1/rlm/stats`: totals, outcomes per bucket, the iterations distribution and the fallback alerts. */
export function getRlmStats(filters: RlmFilters, bucketMs: number, signal?: AbortSignal): Promise<RlmStats> {
  return apiGet('/rlm/stats', rlmStatsSchema, { params: { ...filtersToParams(filters), bucket: bucketMs }, signal });
}

export function rlmStatsQueryOptions(filters: RlmFilters, bucketMs: number) {
  return queryOptions({
    queryKey: rlmKeys.stats(filters, bucketMs),
    queryFn: ({ signal }) => getRlmStats(filters, bucketMs, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRlmStats(filters: RlmFilters, bucketMs: number) {
  return useQuery(rlmStatsQueryOptions(filters, bucketMs));
}

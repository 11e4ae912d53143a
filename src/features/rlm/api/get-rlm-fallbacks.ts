import { useInfiniteQuery } from '@tanstack/react-query';
import { pagedRecordsQueryOptions } from '../../../lib/api/paged-records';
import { rlmFallbackRecordSchema } from '../../../protocol/api-schemas';
import { RLM_PAGE_SIZE } from './get-rlm-completions';
import { rlmKeys, type RlmFilters } from './rlm-query-keys';

/** `GET /api/v1/rlm-fallbacks`: subcall fallbacks one by one, newest first (the stats hold them counted). */
export function rlmFallbacksQueryOptions(filters: RlmFilters) {
  return pagedRecordsQueryOptions({
    queryKey: rlmKeys.fallbacks(filters),
    path: '/rlm-fallbacks',
    record: rlmFallbackRecordSchema,
    params: filters,
    pageSize: RLM_PAGE_SIZE,
  });
}

export function useRlmFallbacks(filters: RlmFilters) {
  return useInfiniteQuery(rlmFallbacksQueryOptions(filters));
}

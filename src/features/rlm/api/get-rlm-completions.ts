import { useInfiniteQuery } from '@tanstack/react-query';
import { pagedRecordsQueryOptions } from '../../../lib/api/paged-records';
import { rlmCompletionRecordSchema } from '../../../protocol/api-schemas';
import { rlmKeys, type RlmFilters } from './rlm-query-keys';

export const RLM_PAGE_SIZE = 50;

/** `GET /api/v1/rlm-completions`: newest first, a page at a time (see pagedRecordsQueryOptions). */
export function rlmCompletionsQueryOptions(filters: RlmFilters) {
  return pagedRecordsQueryOptions({
    queryKey: rlmKeys.completions(filters),
    path: '/rlm-completions',
    record: rlmCompletionRecordSchema,
    params: filters,
    pageSize: RLM_PAGE_SIZE,
  });
}

/** RLM completions in the range, newest first; older ones page in with "Load more". */
export function useRlmCompletions(filters: RlmFilters) {
  return useInfiniteQuery(rlmCompletionsQueryOptions(filters));
}

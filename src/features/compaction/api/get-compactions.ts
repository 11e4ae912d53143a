import { useInfiniteQuery } from '@tanstack/react-query';
import { pagedRecordsQueryOptions } from '../../../lib/api/paged-records';
import { compactionRecordSchema } from '../../../protocol/api-schemas';
import { compactionKeys, type CompactionFilters } from './compaction-query-keys';

/** Records, not traces: a trace is up to four of them, so pages are large enough that few traces straddle two. */
export const COMPACTION_PAGE_SIZE = 400;

/** `GET /api/v1/compactions`: lifecycle records newest first, so the latest traces need no "Load more". */
export function compactionsQueryOptions(filters: CompactionFilters) {
  return pagedRecordsQueryOptions({
    queryKey: compactionKeys.records(filters),
    path: '/compactions',
    record: compactionRecordSchema,
    params: filters,
    pageSize: COMPACTION_PAGE_SIZE,
  });
}

/** Compaction records in the range, paged with the cursor ("Load more"). */
export function useCompactions(filters: CompactionFilters) {
  return useInfiniteQuery(compactionsQueryOptions(filters));
}

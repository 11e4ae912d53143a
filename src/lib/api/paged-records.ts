import { infiniteQueryOptions, keepPreviousData, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import { recordPageSchema } from '../../protocol/api-schemas';
import { apiGet } from './api-client';
import type { QueryParams } from './api-url';

export interface PagedRecordsRequest<T extends z.ZodType> {
  queryKey: QueryKey;
  /** The records endpoint under `/api/v1`: `/rlm-completions`. */
  path: string;
  record: T;
  /** The page's filters (range, session), sent with every page. */
  params: QueryParams;
  pageSize: number;
}

/**
 * Query options for a cursor-paged records endpoint (`records` + `next_cursor`),
 * newest first: the first page is the latest records, so what just happened is
 * on screen without "Load more", and each further page passes the last one's
 * `next_cursor` back as `cursor` (the API's one paging convention). The previous
 * range's pages stay on screen while a new range loads.
 */
export function pagedRecordsQueryOptions<T extends z.ZodType>({ queryKey, path, record, params, pageSize }: PagedRecordsRequest<T>) {
  const pageSchema = recordPageSchema(record);
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => apiGet(path, pageSchema, { params: { ...params, order: 'desc', cursor: pageParam, limit: pageSize }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

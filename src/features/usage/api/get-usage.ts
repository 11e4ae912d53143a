import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import type { QueryParams } from '../../../lib/api/api-url';
import type { UsageQuery } from '../../../protocol/api-queries';
import { usageReplySchema, type UsageReply } from '../../../protocol/cost-schemas';
import { usageKeys } from './usage-query-keys';

/** The query as the API's query string reads it: lists comma-separated, the bucket in ms. */
export function usageQueryParams(query: UsageQuery): QueryParams {
  return { ...query };
}

/** `GET /api/v1/usage`: aggregated token usage and cost, with the price rule of every model in it. */
export function getUsage(query: UsageQuery, signal?: AbortSignal): Promise<UsageReply> {
  return apiGet('/usage', usageReplySchema, { params: usageQueryParams(query), signal });
}

export function usageQueryOptions(query: UsageQuery) {
  return queryOptions({
    queryKey: usageKeys.list(query),
    queryFn: ({ signal }) => getUsage(query, signal),
    // A new range or filter keeps the previous chart on screen until its figures arrive, instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}

export function useUsage(query: UsageQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...usageQueryOptions(query), enabled: options.enabled ?? true });
}

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import type { UsageQuery } from '../../../protocol/api-queries';
import { usageReplySchema, type UsageReply } from '../../../protocol/cost-schemas';
import { usageKeys } from './usage-query-keys';
import { usageRead } from './usage-reads';

/** `GET /api/v1/usage`: aggregated token usage and cost, with the price rule of every model in it. */
export function getUsage(query: UsageQuery, signal?: AbortSignal): Promise<UsageReply> {
  const { path, params } = usageRead(query);
  return apiGet(path, usageReplySchema, { params, signal });
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

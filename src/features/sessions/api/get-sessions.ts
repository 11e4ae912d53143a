import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { sessionKeys } from '../../../lib/session-query-keys';
import type { SessionListQuery } from '../../../protocol/api-queries';
import { sessionListSchema, type SessionList } from '../../../protocol/api-schemas';
import { listFiltersToParams } from '../utils/list-filters';

/** `GET /api/v1/sessions`: one page of session summaries. */
export function getSessions(filters: SessionListQuery, signal?: AbortSignal): Promise<SessionList> {
  return apiGet('/sessions', sessionListSchema, { params: listFiltersToParams(filters), signal });
}

export function sessionsQueryOptions(filters: SessionListQuery) {
  return queryOptions({
    queryKey: sessionKeys.list(filters),
    queryFn: ({ signal }) => getSessions(filters, signal),
    // Changing a filter keeps the previous rows on screen until the new ones arrive, instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

/** The list for `filters`; kept current by the live socket merging `sessions` pushes into this cache entry. */
export function useSessions(filters: SessionListQuery) {
  return useQuery(sessionsQueryOptions(filters));
}

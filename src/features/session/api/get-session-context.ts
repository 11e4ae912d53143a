import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import { contextSeriesSchema, type ContextSeries } from '../../../protocol/api-schemas';

/** Samples are kept every few seconds at most; markers come with compactions. Polling slower than that is enough. */
const CONTEXT_REFRESH_MS = 15_000;

/** `GET /api/v1/sessions/:id/context`: sampled token estimates and the compaction markers. */
export function getSessionContext(sessionId: string, signal?: AbortSignal): Promise<ContextSeries> {
  return apiGet(`/sessions/${encodeURIComponent(sessionId)}/context`, contextSeriesSchema, { signal });
}

export function sessionContextQueryOptions(sessionId: string, running: boolean) {
  return queryOptions({
    queryKey: [...sessionKeys.detail(sessionId), 'context'] as const,
    queryFn: ({ signal }) => getSessionContext(sessionId, signal),
    staleTime: CONTEXT_REFRESH_MS,
    // The live estimate is drawn on top in between; only new compaction markers need the server.
    refetchInterval: running ? CONTEXT_REFRESH_MS : false,
    refetchIntervalInBackground: false,
  });
}

export function useSessionContext(sessionId: string, running: boolean) {
  return useQuery(sessionContextQueryOptions(sessionId, running));
}

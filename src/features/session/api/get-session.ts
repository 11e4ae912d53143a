import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api/api-client';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import { sessionRead } from './session-reads';
import { sessionSummarySchema, type SessionSummary } from '../../../protocol/api-schemas';

/** `GET /api/v1/sessions/:id`; a 404 (unknown session) rejects with ApiError.isNotFound. */
export function getSession(sessionId: string, signal?: AbortSignal): Promise<SessionSummary> {
  return apiGet(sessionRead(sessionId).path, sessionSummarySchema, { signal });
}

export function sessionQueryOptions(sessionId: string) {
  return queryOptions({
    queryKey: sessionKeys.detail(sessionId),
    queryFn: ({ signal }) => getSession(sessionId, signal),
  });
}

/** One session's summary; the live socket replaces it in the cache whenever the server pushes a fresher one. */
export function useSession(sessionId: string) {
  return useQuery(sessionQueryOptions(sessionId));
}

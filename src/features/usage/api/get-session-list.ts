import { queryOptions, useQuery } from '@tanstack/react-query';
import { getSessionList } from '../../../lib/session-list';
import { sessionKeys } from '../../../lib/session-query-keys';
import { sessionListQuerySchema, type SessionListQuery } from '../../../protocol/api-queries';

/** The most recently active sessions: titles for the sessions table, choices for the session and agent filters. */
export const sessionChoicesQuery: SessionListQuery = sessionListQuerySchema.parse({ limit: 500 });

export function sessionListQueryOptions(query: SessionListQuery) {
  // Under the shared session key: the live socket merges pushed summaries into
  // it, which is how this page learns that token counts moved (use-live-usage-refresh).
  return queryOptions({ queryKey: sessionKeys.list(query), queryFn: ({ signal }) => getSessionList(query, null, signal) });
}

export function useSessionChoices() {
  return useQuery(sessionListQueryOptions(sessionChoicesQuery));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import { getSessionList } from '../../../lib/sessions/session-list';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import { sessionListQuerySchema, type SessionListQuery } from '../../../protocol/api-queries';

/**
 * The few most recently active sessions: only how this page learns, live, that usage
 * was stored (hooks/use-live-usage-refresh.ts). New usage makes its session the most
 * recently seen, so it lands in this window (merged from the live socket, or refetched
 * by it). Sessions are named from the usage rows themselves (utils/session-names.ts),
 * and the session filter searches the server: no page needs the newest 500 summaries.
 */
export const recentSessionsQuery: SessionListQuery = sessionListQuerySchema.parse({ limit: 20 });

export function sessionListQueryOptions(query: SessionListQuery) {
  // Under the shared session key: the live socket merges pushed summaries into it.
  return queryOptions({ queryKey: sessionKeys.list(query), queryFn: ({ signal }) => getSessionList(query, null, signal) });
}

export function useRecentSessions() {
  return useQuery(sessionListQueryOptions(recentSessionsQuery));
}

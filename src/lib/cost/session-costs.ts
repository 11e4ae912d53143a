import { queryOptions, useQuery } from '@tanstack/react-query';
import { sessionCostsReplySchema, type SessionCost } from '../../protocol/cost-schemas';
import { apiGet } from '../api/api-client';
import { costKeys } from './cost-query-keys';

/** Costs move only when token_usage arrives; while sessions run, asking every 5 s is current enough and never a storm. */
export const SESSION_COST_REFRESH_MS = 5_000;

export type SessionCostsById = ReadonlyMap<string, SessionCost>;

/** `GET /api/v1/session-costs`: each session's cost so far and burn rate; `sessionIds` null for every session. */
export async function getSessionCosts(sessionIds: readonly string[] | null, signal?: AbortSignal): Promise<SessionCostsById> {
  const reply = await apiGet('/session-costs', sessionCostsReplySchema, { params: { session: sessionIds ?? undefined }, signal });
  return new Map(reply.sessions.map((cost) => [cost.session_id, cost]));
}

export function sessionCostsQueryOptions(sessionIds: readonly string[] | null, live: boolean) {
  return queryOptions({
    queryKey: costKeys.sessionCosts(sessionIds),
    queryFn: ({ signal }) => getSessionCosts(sessionIds, signal),
    staleTime: SESSION_COST_REFRESH_MS,
    // Only while something is running; a hidden tab does not poll.
    refetchInterval: live ? SESSION_COST_REFRESH_MS : false,
    refetchIntervalInBackground: false,
  });
}

/** Session costs by id; polled while `live` (some session is running). */
export function useSessionCosts(sessionIds: readonly string[] | null, { live }: { live: boolean }) {
  return useQuery(sessionCostsQueryOptions(sessionIds, live));
}

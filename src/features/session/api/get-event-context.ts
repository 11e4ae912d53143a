import { queryOptions, useQuery } from '@tanstack/react-query';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import type { EventPage } from '../../../protocol/api-schemas';
import { storedRows, type TimelineRow } from '../utils/timeline-rows';
import { getSessionEvents } from './get-session-events';

/**
 * The stored events around one cursor (the page around a search match that lies
 * beyond what the log has loaded): the page ending at it and the page after it.
 */
export async function getEventContext(sessionId: string, cursor: number, signal?: AbortSignal): Promise<readonly TimelineRow[]> {
  const pages: EventPage[] = await Promise.all([
    getSessionEvents(sessionId, { order: 'desc', cursor: cursor + 1, limit: CONTEXT_SIZE }, signal),
    getSessionEvents(sessionId, { order: 'asc', cursor, limit: CONTEXT_SIZE }, signal),
  ]);
  return storedRows(pages);
}

/** Events on each side of the match: enough to read what led to it and what followed. */
const CONTEXT_SIZE = 200;

export function eventContextQueryOptions(sessionId: string, cursor: number) {
  return queryOptions({
    queryKey: [...sessionKeys.events(sessionId), 'around', cursor] as const,
    queryFn: ({ signal }) => getEventContext(sessionId, cursor, signal),
    staleTime: Infinity,
  });
}

/** The stored events around `cursor`; idle while it is null. */
export function useEventContext(sessionId: string, cursor: number | null) {
  return useQuery({ ...eventContextQueryOptions(sessionId, cursor ?? 0), enabled: cursor !== null });
}

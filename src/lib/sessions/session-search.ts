import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionList } from '../../protocol/api-schemas';
import { getSessionList } from './session-list';
import { sessionKeys } from './session-query-keys';

/** Choices a session picker offers at once; typing narrows them. */
export const SESSION_SEARCH_LIMIT = 20;

/** `GET /api/v1/sessions?q=…`: the most recently active sessions whose title or id contains `text`, over the whole fleet. */
export function searchSessions(text: string, signal?: AbortSignal): Promise<SessionList> {
  return getSessionList({ q: text.trim() || undefined, limit: SESSION_SEARCH_LIMIT }, null, signal);
}

export function sessionSearchQueryOptions(text: string) {
  return queryOptions({
    queryKey: sessionKeys.search(text.trim()),
    queryFn: ({ signal }) => searchSessions(text, signal),
    // Choices, not a live view: fresh enough for half a minute; the previous answer stays while the next loads.
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

/** The sessions a picker offers for `text` (already debounced by the caller); only while `enabled` (the list is open). */
export function useSessionSearch(text: string, enabled: boolean) {
  return useQuery({ ...sessionSearchQueryOptions(text), enabled });
}

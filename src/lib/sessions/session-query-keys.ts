import type { SessionListQuery } from '../../protocol/api-queries';

/**
 * The one key factory for session data, shared by the sessions list, the
 * session page and the live socket (which writes pushed summaries into the
 * cache). Hierarchical, so any level can be invalidated:
 * `all` > `lists()` > `list(filters)` / `pages(filters)`, `all` > `search(text)`, and `all` > `details()` > `detail(id)` > `events(id)`.
 */
export const sessionKeys = {
  all: ['sessions'] as const,
  lists: () => [...sessionKeys.all, 'list'] as const,
  list: (filters: SessionListQuery) => [...sessionKeys.lists(), filters] as const,
  /** The same list read page by page (the overview's infinite query); `listFiltersOfKey` reads its filters too. */
  pages: (filters: SessionListQuery) => [...sessionKeys.lists(), filters, 'pages'] as const,
  /** A session picker's search results: not merged live (a choice, not a live view). */
  search: (text: string) => [...sessionKeys.all, 'search', text] as const,
  details: () => [...sessionKeys.all, 'detail'] as const,
  detail: (sessionId: string) => [...sessionKeys.details(), sessionId] as const,
  events: (sessionId: string) => [...sessionKeys.detail(sessionId), 'events'] as const,
};

/** Whether `queryKey` is a session's event history (`events(id)`), its session id at [2]. */
export function isEventsKey(queryKey: readonly unknown[]): queryKey is ReturnType<typeof sessionKeys.events> {
  return queryKey.length === 4 && queryKey[0] === 'sessions' && queryKey[1] === 'detail' && typeof queryKey[2] === 'string' && queryKey[3] === 'events';
}

/** The filters a `list(filters)` key was built with, or null for any other key. */
export function listFiltersOfKey(queryKey: readonly unknown[]): SessionListQuery | null {
  const [root, level, filters] = queryKey;
  if (root !== 'sessions' || level !== 'list' || typeof filters !== 'object' || filters === null) return null;
  // Only `sessionKeys.list` builds keys of this shape, from a parsed SessionListQuery.
  return filters as SessionListQuery;
}

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiGet } from '../../../lib/api/api-client';
import { sessionKeys } from '../../../lib/sessions/session-query-keys';
import { eventSearchPageSchema, type EventSearchPage } from '../../../protocol/api-schemas';
import type { EventClass } from '../../../protocol/event-class';

/** What the event log's Find asks the server: the text (as typed), a type, a class. */
export interface EventSearchFilters {
  q: string;
  type: string;
  eventClass: EventClass | '';
}

/**
 * Answers read on their own before the operator is asked to go on: each covers
 * up to 20,000 events (the server's bound), so a 100,000-event session is
 * searched whole unless a needle matches in nearly every event's raw JSON.
 */
const AUTO_PAGES = 5;

/** `GET /api/v1/sessions/:id/events/search`: one bounded stretch, newest first; `cursor` (the last answer's `next_cursor`) goes on from it. */
export function searchSessionEvents(sessionId: string, filters: EventSearchFilters, cursor: number | null, signal?: AbortSignal): Promise<EventSearchPage> {
  return apiGet(`/sessions/${encodeURIComponent(sessionId)}/events/search`, eventSearchPageSchema, {
    params: { q: filters.q, type: filters.type, class: filters.eventClass, cursor },
    signal,
  });
}

export function eventSearchQueryOptions(sessionId: string, filters: EventSearchFilters) {
  return infiniteQueryOptions({
    // Under the session's events, so whatever invalidates those invalidates the search too.
    queryKey: [...sessionKeys.events(sessionId), 'search', filters] as const,
    queryFn: ({ pageParam, signal }) => searchSessionEvents(sessionId, filters, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    // What is stored does not change; a new search (other text) is another key.
    staleTime: Infinity,
  });
}

/**
 * The server's search over everything stored, while `enabled`: reads on by itself
 * for AUTO_PAGES answers, then waits for `fetchNextPage` (the operator's "search on").
 */
export function useEventSearch(sessionId: string, filters: EventSearchFilters, enabled: boolean) {
  const query = useInfiniteQuery({ ...eventSearchQueryOptions(sessionId, filters), enabled });
  const { data, hasNextPage, isFetching, isError, fetchNextPage } = query;
  const pageCount = data?.pages.length ?? 0;
  useEffect(() => {
    if (enabled && hasNextPage && !isFetching && !isError && pageCount < AUTO_PAGES) void fetchNextPage();
  }, [enabled, hasNextPage, isFetching, isError, pageCount, fetchNextPage]);
  return query;
}

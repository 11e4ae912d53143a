import type { Query, QueryClient } from '@tanstack/react-query';
import type { SessionList, SessionSummary } from '../../protocol/api-schemas';
import { mergeSummariesIntoList, mergeSummariesIntoPages, type SessionPages } from './session-list-merge';
import { isEventsKey, listFiltersOfKey, sessionKeys } from './session-query-keys';
import { throttle, type Throttled } from '../timing/throttle';

/** A list the client cannot settle itself is re-read at most this often, however fast summaries arrive. */
const LIST_REFETCH_INTERVAL_MS = 2_000;
const listRefetches = new Map<string, Throttled>();

/** Throttled per list query (leading and trailing): refetch now, or once when the interval is over. */
function refetchListSoon(client: QueryClient, query: Query): void {
  let refetch = listRefetches.get(query.queryHash);
  if (!refetch) {
    // cancelRefetch: false joins a read already under way instead of restarting it.
    refetch = throttle(() => void client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false }), LIST_REFETCH_INTERVAL_MS);
    listRefetches.set(query.queryHash, refetch);
  }
  refetch.call();
}

/**
 * Writes summaries pushed by the live socket into the TanStack Query cache, the
 * only home of server data: every cached list (single or paged) is merged, every cached
 * detail replaced. Details nobody has asked for are not created, so following
 * thousands of sessions does not fill the cache.
 */
export function applySessionSummaries(client: QueryClient, summaries: readonly SessionSummary[]): void {
  if (summaries.length === 0) return;
  const cache = client.getQueryCache();

  for (const query of cache.findAll({ queryKey: sessionKeys.lists() })) {
    const filters = listFiltersOfKey(query.queryKey);
    const data = client.getQueryData<SessionList | SessionPages>(query.queryKey);
    if (!filters || !data) continue;
    if ('pages' in data) {
      const merged = mergeSummariesIntoPages(data, summaries);
      if (merged.list !== data) client.setQueryData<SessionPages>(query.queryKey, merged.list);
      if (merged.needsRefetch) refetchListSoon(client, query);
    } else {
      const merged = mergeSummariesIntoList(data, summaries, filters);
      if (merged.list !== data) client.setQueryData<SessionList>(query.queryKey, merged.list);
      if (merged.needsRefetch) refetchListSoon(client, query);
    }
  }

  for (const summary of summaries) {
    const key = sessionKeys.detail(summary.session_id);
    // Also fills a detail that failed with 404 because the session was not known yet.
    if (cache.find({ queryKey: key, exact: true })) client.setQueryData<SessionSummary>(key, summary);
  }
}

/**
 * Has every session query but the event histories read again, once the socket
 * streams live for the first time: reads made before may have missed what happened
 * until then. A read already under way may predate that moment too, so it is
 * restarted. An event history is not read again whole (its pages can be thousands
 * of events, and the page opened with them moments ago): it reads on from what it
 * holds instead (useSessionHistory, on ConnectionSlice.historiesToReadOn).
 */
export function refreshAllSessionData(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: sessionKeys.all, predicate: (query) => !isEventsKey(query.queryKey) }, { cancelRefetch: true });
}

/** After a reconnect or resync, stored events were replayed in order but summaries may be stale: refresh lists and details. */
export function refreshSessionSummaries(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: sessionKeys.lists() }, { cancelRefetch: false });
  void client.invalidateQueries(
    // Events are left out: the socket replays what was missed.
    { queryKey: sessionKeys.details(), predicate: (query) => query.queryKey.length === sessionKeys.detail('').length },
    { cancelRefetch: false },
  );
}

/** The sessions whose stored history is in the cache, read or being read. */
export function sessionsWithHistory(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .findAll({ queryKey: sessionKeys.all })
    .flatMap((query) => (isEventsKey(query.queryKey) ? [query.queryKey[2]] : []));
}

import type { Query, QueryClient } from '@tanstack/react-query';
import type { SessionList, SessionSummary } from '../protocol/api-schemas';
import { mergeSummariesIntoList } from './session-list-merge';
import { listFiltersOfKey, sessionKeys } from './session-query-keys';

/** A list the client cannot settle itself is re-read at most this often, however fast summaries arrive. */
const LIST_REFETCH_INTERVAL_MS = 2_000;
const lastListRefetch = new Map<string, number>();
const pendingListRefetch = new Map<string, ReturnType<typeof setTimeout>>();

/** Leading-edge throttle per list query: refetch now, or once when the interval is over. */
function refetchListSoon(client: QueryClient, query: Query): void {
  const hash = query.queryHash;
  if (pendingListRefetch.has(hash)) return;
  const refetch = () => {
    pendingListRefetch.delete(hash);
    lastListRefetch.set(hash, Date.now());
    // cancelRefetch: false joins a read already under way instead of restarting it.
    void client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
  };
  const wait = (lastListRefetch.get(hash) ?? 0) + LIST_REFETCH_INTERVAL_MS - Date.now();
  if (wait <= 0) refetch();
  else pendingListRefetch.set(hash, setTimeout(refetch, wait));
}

/**
 * Writes summaries pushed by the live socket into the TanStack Query cache, the
 * only home of server data: every cached list page is merged, every cached
 * detail replaced. Details nobody has asked for are not created, so following
 * thousands of sessions does not fill the cache.
 */
export function applySessionSummaries(client: QueryClient, summaries: readonly SessionSummary[]): void {
  if (summaries.length === 0) return;
  const cache = client.getQueryCache();

  for (const query of cache.findAll({ queryKey: sessionKeys.lists() })) {
    const filters = listFiltersOfKey(query.queryKey);
    const list = client.getQueryData<SessionList>(query.queryKey);
    if (!filters || !list) continue;
    const merged = mergeSummariesIntoList(list, summaries, filters);
    if (merged.list !== list) client.setQueryData<SessionList>(query.queryKey, merged.list);
    if (merged.needsRefetch) refetchListSoon(client, query);
  }

  for (const summary of summaries) {
    const key = sessionKeys.detail(summary.session_id);
    // Also fills a detail that failed with 404 because the session was not known yet.
    if (cache.find({ queryKey: key, exact: true })) client.setQueryData<SessionSummary>(key, summary);
  }
}

/**
 * Has every session query read again, once the socket streams live for the
 * first time: reads made before may have missed what happened until then. A
 * read already under way may predate that moment too, so it is restarted.
 */
export function refreshAllSessionData(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: sessionKeys.all }, { cancelRefetch: true });
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

import { hashKey, type Query, type QueryClient } from '@tanstack/react-query';
import type { StoredEventRecord } from '../../protocol/api-schemas';
import { appendStoredEvents, reachesPresent, type SessionEventPages } from './session-event-pages';
import { isEventsKey, sessionKeys } from './session-query-keys';

/** Pushed events held for one session at most while its history cannot take them (see `hold`). */
const MAX_HELD_PER_SESSION = 50_000;


export interface PushedEventsCache {
  /** One frame's pushed stored events (ascending cursor): one cache write per session. */
  write(records: readonly StoredEventRecord[]): void;
  /** Stops following the query cache (tests, teardown). */
  dispose(): void;
}

/**
 * Writes stored events pushed by the live socket into the TanStack Query cache
 * of their session's history (`sessionKeys.events(id)`), the one home of a
 * session's stored events: the session page reads them from there whether a
 * page read them over REST or the socket pushed them, so nothing has to be
 * reconciled. Called once per animation frame with that frame's events.
 *
 * - A session whose history nobody has read is left alone: its first read
 *   will include these events (they were stored before they were pushed).
 * - While the history is being read (a page, a refetch), the read's answer
 *   replaces the pages it started from, so a write then would be lost: the
 *   events are held and appended when the read settles, minus what it read.
 * - While the history does not reach the present (a forward read has more to
 *   read), appending would leave a hole: held until it does.
 */
export function pushedEventsCache(client: QueryClient): PushedEventsCache {
  const cache = client.getQueryCache();
  const held = new Map<string, StoredEventRecord[]>();

  const flush = (sessionId: string): void => {
    const records = held.get(sessionId);
    if (!records) return;
    // By hash: `find` would compare the key with every query in the cache, once per session per frame.
    const query = cache.get<SessionEventPages>(hashKey(sessionKeys.events(sessionId)));
    const data = query?.state.data;
    if (!query || (data === undefined && query.state.fetchStatus === 'idle')) {
      // No history, and none being read: the next read includes these.
      held.delete(sessionId);
      return;
    }
    if (data === undefined || query.state.fetchStatus !== 'idle' || !reachesPresent(data)) {
      if (records.length > MAX_HELD_PER_SESSION) {
        // A history that does not read on (nobody shows it) would hold events forever:
        // let go of them and have it read again from the server when next shown.
        held.delete(sessionId);
        void client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
      }
      return;
    }
    held.delete(sessionId);
    const next = appendStoredEvents(data, records);
    if (next !== data) client.setQueryData<SessionEventPages>(query.queryKey, next);
  };

  // A read settling (or any change of a history) is when held events may go in.
  const unsubscribe = cache.subscribe((event) => {
    if (held.size === 0 || event.type !== 'updated') return;
    const query: Query = event.query;
    if (isEventsKey(query.queryKey) && held.has(query.queryKey[2])) flush(query.queryKey[2]);
  });

  return {
    write(records) {
      if (records.length === 0) return;
      const touched = new Set<string>();
      for (const record of records) {
        const sessionId = record.event.session_id;
        const list = held.get(sessionId);
        if (list) list.push(record);
        else held.set(sessionId, [record]);
        touched.add(sessionId);
      }
      for (const sessionId of touched) flush(sessionId);
    },
    dispose() {
      unsubscribe();
      held.clear();
    },
  };
}

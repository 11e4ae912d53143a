import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionEventsQueryOptions } from '../../features/session/api/get-session-events';
import type { StoredEventRecord } from '../../protocol/api-schemas';
import { createQueryClient } from '../api/query-client';
import { pushedEventsCache } from './pushed-events-cache';
import type { SessionEventPages } from './session-event-pages';
import { sessionKeys } from './session-query-keys';

// The session page's real history query (its paging rules) against a fake API
// whose answers the test releases, with the socket's writer beside it.

const SESSION = 's-pushed';
const record = (cursor: number): StoredEventRecord => ({ cursor, event: { session_id: SESSION, seq: cursor, ts: cursor, type: 'done' } });

/** A fake events API over `stored` (cursor = seq) whose replies wait until `release()`. */
function stubApi(stored: () => number) {
  const waiting: Array<() => void> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://page.test');
      const order = url.searchParams.get('order');
      const limit = Number(url.searchParams.get('limit'));
      const cursor = url.searchParams.get('cursor');
      // Read when the request is made, answered when released: the server's view at that moment.
      const head = stored();
      const events =
        order === 'desc'
          ? Array.from({ length: Math.min(limit, (cursor ? Number(cursor) - 1 : head)) }, (_, i) => record((cursor ? Number(cursor) - 1 : head) - i))
          : Array.from({ length: Math.max(0, Math.min(limit, head - Number(cursor ?? 0))) }, (_, i) => record(Number(cursor ?? 0) + 1 + i));
      await new Promise<void>((resolve) => waiting.push(resolve));
      return Response.json({ events, next_cursor: null });
    }),
  );
  return {
    async release() {
      while (waiting.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      waiting.shift()!();
    },
  };
}

const cursorsHeld = (client: ReturnType<typeof createQueryClient>) =>
  client.getQueryData<SessionEventPages>(sessionKeys.events(SESSION))?.pages.flatMap((page) => page.events.map((e) => e.cursor));

afterEach(() => vi.unstubAllGlobals());

describe('pushedEventsCache', () => {
  it('leaves a session whose history nobody reads alone', () => {
    const client = createQueryClient();
    const writer = pushedEventsCache(client);
    writer.write([record(1)]);
    expect(client.getQueryCache().getAll()).toHaveLength(0);
    writer.dispose();
  });

  it('holds events pushed while the history is read, then keeps each once: pushed live and read by the page', async () => {
    let head = 3;
    const api = stubApi(() => head);
    const client = createQueryClient();
    const writer = pushedEventsCache(client);
    const read = client.fetchInfiniteQuery(sessionEventsQueryOptions(SESSION));
    // The server answers with 1..3; meanwhile 3 (already in the answer) and 4, 5 are pushed.
    await new Promise((resolve) => setTimeout(resolve, 5));
    head = 5;
    writer.write([record(3), record(4), record(5)]);
    expect(cursorsHeld(client)).toBeUndefined();
    await api.release();
    await read;
    expect(cursorsHeld(client)).toEqual([1, 2, 3, 4, 5]);
    writer.dispose();
  });

  it('does not duplicate what a reconnect replays, and appends once per frame', async () => {
    const api = stubApi(() => 2);
    const client = createQueryClient();
    const writer = pushedEventsCache(client);
    const read = client.fetchInfiniteQuery(sessionEventsQueryOptions(SESSION));
    await api.release();
    await read;
    let writes = 0;
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success') writes++;
    });
    writer.write([record(3), record(4), record(5)]);
    expect(writes).toBe(1);
    // The catch-up after a reconnect repeats what the socket sent before it dropped.
    writer.write([record(4), record(5), record(6)]);
    expect(cursorsHeld(client)).toEqual([1, 2, 3, 4, 5, 6]);
    unsubscribe();
    writer.dispose();
  });

  it('holds pushed events while a refetch reads the history again, and keeps them once after it', async () => {
    let head = 2;
    const api = stubApi(() => head);
    const client = createQueryClient();
    const writer = pushedEventsCache(client);
    const read = client.fetchInfiniteQuery(sessionEventsQueryOptions(SESSION));
    await api.release();
    await read;
    writer.write([record(3)]);
    head = 3;
    const refetch = client.refetchQueries({ queryKey: sessionKeys.events(SESSION), exact: true });
    // Stored after the server read the refetch's pages, pushed before their answer arrived:
    // written now, it would be lost when that answer replaces the pages.
    await new Promise((resolve) => setTimeout(resolve, 5));
    writer.write([record(4)]);
    await api.release(); // the first page again
    await api.release(); // then forward from it
    await refetch;
    expect(cursorsHeld(client)).toEqual([1, 2, 3, 4]);
    writer.dispose();
  });
});

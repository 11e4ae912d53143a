import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownEventType } from '#protocol/event-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { postNdjson, startTestServer } from '../test-support/test-server';

// Issue 16: one paging convention on every list route. A reply's `next_cursor`
// goes back as `cursor` until it is null, `order` says which way; walking the
// pages must list every item once, in that order. The old names are refused
// with the one to use.

let server: Awaited<ReturnType<typeof startTestServer>>;
const session = uniqueSessionId('paging');
/** Five of each, interleaved, so no listing is one contiguous stretch of cursors. */
const recordTypes = ['token_usage', 'rlm_complete', 'rlm_subcall_fallback', 'compaction_started'] as const satisfies readonly KnownEventType[];
const perType = 5;
const seqsOf = (type: (typeof recordTypes)[number]) => Array.from({ length: perType }, (_, i) => 1 + recordTypes.indexOf(type) + i * recordTypes.length);

beforeAll(async () => {
  server = await startTestServer();
  const e = sessionEvents(session);
  const events = Array.from({ length: perType }, () => recordTypes.map((type) => e(type))).flat();
  const posted = await postNdjson(server.url, events.map((event) => JSON.stringify(event)).join('\n'));
  if (posted.status !== 200) throw new Error(`seeding failed: ${posted.status} ${JSON.stringify(posted.body)}`);
});
afterAll(() => server.server.close());

interface Reply {
  next_cursor: number | null;
  [list: string]: unknown;
}

/** Every page of `path`, following `next_cursor` as `cursor`: the seqs listed, page by page. */
async function walk(path: string, list: string): Promise<number[][]> {
  const pages: number[][] = [];
  let cursor: number | null = null;
  do {
    const res = await fetch(`${server.url}/api/v1${path}${cursor === null ? '' : `&cursor=${cursor}`}`);
    expect(res.status, path).toBe(200);
    const reply = (await res.json()) as Reply;
    const items = reply[list] as { seq?: number; event?: { seq: number } }[];
    pages.push(items.map((item) => item.seq ?? item.event!.seq));
    cursor = reply.next_cursor;
  } while (cursor !== null && pages.length < 50);
  return pages;
}

describe('paging: next_cursor goes back as cursor', () => {
  it('walks the record lists oldest first and, where offered, newest first', async () => {
    const routes = [
      ['/token-usage', 'token_usage', ['asc']],
      ['/rlm-completions', 'rlm_complete', ['asc', 'desc']],
      ['/rlm-fallbacks', 'rlm_subcall_fallback', ['asc', 'desc']],
      ['/compactions', 'compaction_started', ['asc', 'desc']],
    ] as const;
    for (const [path, type, orders] of routes) {
      for (const order of orders) {
        const pages = await walk(`${path}?session=${session}&limit=2${order === 'asc' ? '' : '&order=desc'}`, 'records');
        const ascending = seqsOf(type);
        expect(pages.map((page) => page.length), `${path} ${order}`).toEqual([2, 2, 1]);
        expect(pages.flat(), `${path} ${order}`).toEqual(order === 'asc' ? ascending : ascending.toReversed());
      }
    }
  });

  it("walks a session's events either way, each page in the order asked for", async () => {
    const all = Array.from({ length: perType * recordTypes.length }, (_, i) => i + 1);
    expect((await walk(`/sessions/${session}/events?limit=3`, 'events')).flat()).toEqual(all);
    const newestFirst = await walk(`/sessions/${session}/events?order=desc&limit=3`, 'events');
    expect(newestFirst[0]).toEqual([20, 19, 18]);
    expect(newestFirst.flat()).toEqual(all.toReversed());
    expect((await walk(`/sessions/${session}/events?order=desc&type=token_usage&limit=2`, 'events')).flat()).toEqual(seqsOf('token_usage').toReversed());
  });

  it('goes on with a search where the last answer stopped, newest first', async () => {
    const pages = await walk(`/sessions/${session}/events/search?type=rlm_complete&limit=2`, 'matches');
    expect(pages.flat()).toEqual(seqsOf('rlm_complete').toReversed());
  });

  it('refuses the retired after / before, naming cursor instead', async () => {
    for (const [path, name] of [
      ['/token-usage?after=3', 'after'],
      ['/rlm-completions?order=desc&before=3', 'before'],
      ['/compactions?after=3', 'after'],
      ['/rlm-fallbacks?before=3', 'before'],
      [`/sessions/${session}/events?after=3`, 'after'],
      [`/sessions/${session}/events/search?before=3`, 'before'],
      ['/alerts?before=3', 'before'],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1${path}`);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { issues: { parameter: string; message: string }[] };
      expect(body.issues, path).toEqual([{ parameter: name, message: expect.stringMatching(/pass the previous reply's next_cursor as cursor/) }]);
    }
    const badOrder = await fetch(`${server.url}/api/v1/sessions/${session}/events?order=newest`);
    expect(badOrder.status).toBe(400);
    // Token usage is listed oldest first only: an order is a mistake, not ignored.
    expect((await fetch(`${server.url}/api/v1/token-usage?order=desc`)).status).toBe(400);
  });
});

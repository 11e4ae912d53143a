import { afterEach, describe, expect, it } from 'vitest';
import { sessionListSchema, type SessionList } from '#protocol/api-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { postNdjson, testServers } from '../test-support/test-server';

// GET /api/v1/sessions on a real server: operator status filters derived with
// the server's own abandoned threshold, the reply's shape, keyset paging, and
// the 400s a client gets for a bad status or cursor.

const servers = testServers(afterEach);
const minute = 60_000;

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as unknown };
}

async function list(url: string, query: string): Promise<SessionList> {
  const { status, body } = await getJson(`${url}/api/v1/sessions?${query}`);
  expect(status).toBe(200);
  return sessionListSchema.parse(body);
}

const ids = (l: SessionList) => l.sessions.map((s) => s.session_id).sort();

describe('GET /api/v1/sessions', () => {
  it('filters and counts by operator status, silence measured against now and TETHER_ABANDONED_AFTER_MIN', async () => {
    // Abandoned after 2 minutes here: a session silent for 3 is abandoned, one silent for 45 s only stalled.
    const { url } = await servers.start({ config: { abandonedAfterMin: 2 } });
    const now = Date.now();
    const waiting = uniqueSessionId('waiting');
    const gone = uniqueSessionId('gone');
    const quiet = uniqueSessionId('quiet');
    const finished = uniqueSessionId('finished');
    const events = [
      sessionEvents(waiting)('tool_call_start', { ts: now - 2000 }),
      sessionEvents(waiting, 2)('approval_request', { ts: now - 1000, tool_call_id: 'call-1' }),
      sessionEvents(gone)('tool_call_start', { ts: now - 3 * minute }),
      sessionEvents(quiet)('text_chunk', { ts: now - 45_000 }),
      sessionEvents(finished)('text_complete', { ts: now - 1000 }),
      sessionEvents(finished, 2)('done', { ts: now - 500 }),
    ];
    expect((await postNdjson(url, events.map((e) => JSON.stringify(e)).join('\n'))).status).toBe(200);

    const scoped = (status: string) => list(url, `status=${status}&limit=500&from=${now - 10 * minute}`);
    const approval = await scoped('awaiting_approval');
    expect(ids(approval)).toEqual([waiting]);
    expect(approval.sessions[0]).toMatchObject({ activity: 'awaiting_approval', activity_since_ms: now - 1000 });
    expect(approval.server_time_ms).toBeGreaterThanOrEqual(now);
    expect(approval.next_cursor).toBeNull();
    expect(ids(await scoped('abandoned'))).toEqual([gone]);
    expect(ids(await scoped('stalled'))).toEqual([quiet]);
    expect(ids(await scoped('active'))).toEqual([waiting, quiet].sort());
    expect(ids(await scoped('done,abandoned'))).toEqual([finished, gone].sort());
    // The browser's stalled threshold moves the line between stalled and streaming.
    expect(ids(await list(url, `status=streaming&stalled_after_ms=${minute}`))).toEqual([quiet]);
    const counts = (await scoped('done')).status_counts;
    expect(counts).toMatchObject({ awaiting_approval: 1, abandoned: 1, stalled: 1, done: 1, running_tool: 0, error: 0 });
  });

  it('pages with next_cursor until null, each session once', async () => {
    const { url } = await servers.start();
    const names = Array.from({ length: 5 }, (_, i) => uniqueSessionId(`page${i}`));
    await postNdjson(url, names.map((id, i) => JSON.stringify(sessionEvents(id)('text_complete', { ts: Date.now() - i * 1000 }))).join('\n'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SessionList = await list(url, `limit=2&sort=last_seen&order=desc${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(page.total).toBe(5);
      seen.push(...page.sessions.map((s) => s.session_id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual(names);
  });

  it('answers 400 naming an unknown status, a malformed cursor and a cursor made for another sort', async () => {
    const { url } = await servers.start();
    const unknown = await getJson(`${url}/api/v1/sessions?status=thinking,sleeping`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('sleeping');
    const malformed = await getJson(`${url}/api/v1/sessions?cursor=not-a-cursor!`);
    expect(malformed).toMatchObject({ status: 400, body: { issues: [{ parameter: 'cursor' }] } });

    await postNdjson(url, [uniqueSessionId('a'), uniqueSessionId('b')].map((id) => JSON.stringify(sessionEvents(id)('text_complete'))).join('\n'));
    const first = await list(url, 'limit=1&sort=cost');
    expect(first.next_cursor).not.toBeNull();
    const otherSort = await getJson(`${url}/api/v1/sessions?limit=1&sort=title&cursor=${encodeURIComponent(first.next_cursor!)}`);
    expect(otherSort).toMatchObject({ status: 400, body: { issues: [{ parameter: 'cursor' }] } });
  });
});

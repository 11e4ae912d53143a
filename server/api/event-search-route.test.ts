import { afterEach, describe, expect, it } from 'vitest';
import { eventSearchPageSchema } from '#protocol/api-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { postNdjson, testServers } from '../test-support/test-server';

// `GET /api/v1/sessions/:id/events/search` over the real server and store; what
// the search matches is the store contract's (server/test-support/store-contract/store-contract-search.ts).

const servers = testServers(afterEach);

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('GET /api/v1/sessions/:id/events/search', () => {
  it('finds a stored event by text, type and class, and says how much it searched', async () => {
    const { url } = await servers.start();
    const s = uniqueSessionId('search');
    const e = sessionEvents(s);
    const events = [
      e('text_complete', { text: 'first: 50% done, path C:\\tmp' }),
      e('tool_call_start', { name: 'grep', arguments: '{"pattern":"50%"}' }),
      e('thinking'),
      e('error', { error: 'Tool said 50% FAILED' }),
    ];
    expect((await postNdjson(url, events.map((event) => JSON.stringify(event)).join('\n'))).status).toBe(200);

    const search = async (query: string) => {
      const reply = await getJson(`${url}/api/v1/sessions/${s}/events/search?${query}`);
      expect(reply.status).toBe(200);
      return eventSearchPageSchema.parse(reply.body);
    };
    const all = await search(`q=${encodeURIComponent('50%')}`);
    expect(all.matches.map((m) => m.event.seq)).toEqual([4, 2, 1]);
    expect(all).toMatchObject({ searched_events: 3, total_events: 3, next_cursor: null });
    expect((await search(`q=${encodeURIComponent('c:\\TMP')}`)).matches.map((m) => m.event.seq)).toEqual([1]);
    expect((await search('q=failed&type=error,done')).matches.map((m) => m.event.seq)).toEqual([4]);
    expect((await search('class=history&limit=1')).matches.map((m) => m.event.seq)).toEqual([4]);
  });

  it('answers 400 naming each bad parameter', async () => {
    const { url } = await servers.start();
    const bad = async (query: string) => {
      const reply = await getJson(`${url}/api/v1/sessions/s1/events/search?${query}`);
      expect(reply.status, query).toBe(400);
      return (reply.body as { issues: { parameter: string }[] }).issues.map((issue) => issue.parameter);
    };
    expect(await bad('class=forever')).toEqual(['class.0']);
    expect(await bad('cursor=-1')).toEqual(['cursor']);
    expect(await bad('limit=0')).toEqual(['limit']);
    expect(await bad('limit=201')).toEqual(['limit']);
    expect(await bad(`q=${'x'.repeat(501)}`)).toEqual(['q']);
    expect(await bad('query=typo')).toEqual(['query']);
    expect((await getJson(`${url}/api/v1/sessions/${encodeURIComponent('bad id!')}/events/search?q=x`)).status).toBe(400);
  });
});

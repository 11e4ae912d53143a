import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema, sessionSummarySchema } from '#protocol/api-schemas';
import { healthSchema } from '#protocol/health-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openProducer, postNdjson, startTestServer, testServers } from '../test-support/test-server';

const servers = testServers(afterEach);
const start = servers.start;

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('ingest over WebSocket', () => {
  it('acknowledges the highest seq per session after commit, one event or an array per frame', async () => {
    const { url, wsUrl } = await start();
    const a = uniqueSessionId('a');
    const b = uniqueSessionId('b');
    const ea = sessionEvents(a);
    const eb = sessionEvents(b);
    const producer = await openProducer(wsUrl);

    const single = await producer.send(ea('session_sync', { session: { id: a, title: 'Single frame' } }));
    expect(single).toEqual({ kind: 'ack', acks: { [a]: 1 }, duplicates: 0, rejected: [] });

    const batch = await producer.send([ea('thinking'), ea('token_usage'), eb('tool_call_start'), ea('text_complete'), eb('done')]);
    expect(batch).toEqual({ kind: 'ack', acks: { [a]: 4, [b]: 2 }, duplicates: 0, rejected: [] });

    const page = eventPageSchema.parse((await getJson(`${url}/api/v1/sessions/${a}/events`)).body);
    // thinking and session_sync are ephemeral: pushed live, never stored.
    expect(page.events.map((e) => e.event.type)).toEqual(['token_usage', 'text_complete']);
    expect(page.events.map((e) => e.event.seq)).toEqual([3, 4]);

    const summary = sessionSummarySchema.parse((await getJson(`${url}/api/v1/sessions/${a}`)).body);
    expect(summary).toMatchObject({ title: 'Single frame', prompt_tokens: 1200, completion_tokens: 340, status: 'active' });
    expect(sessionSummarySchema.parse((await getJson(`${url}/api/v1/sessions/${b}`)).body).status).toBe('done');
  });

  it('stores a re-sent (session_id, seq) once and reports it as a duplicate', async () => {
    const { url, wsUrl } = await start();
    const s = uniqueSessionId('dup');
    const e = sessionEvents(s);
    const frame = [e('token_usage'), e('tool_call_start'), e('tool_call_complete')];
    const producer = await openProducer(wsUrl);
    expect(await producer.send(frame)).toMatchObject({ duplicates: 0 });
    expect(await producer.send(frame)).toMatchObject({ acks: { [s]: 3 }, duplicates: 3 });
    const page = eventPageSchema.parse((await getJson(`${url}/api/v1/sessions/${s}/events`)).body);
    expect(page.events).toHaveLength(3);
    const health = healthSchema.parse((await getJson(`${url}/api/v1/health`)).body);
    expect(health.ingest).toMatchObject({ accepted: 3, duplicates: 3 });
  });

  it('rejects bad elements by index, accepts their valid neighbours, and survives malformed frames', async () => {
    const { wsUrl } = await start();
    const s = uniqueSessionId('bad');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    const reply = await producer.send([e('done'), { ...e('token_usage'), prompt_tokens: 'many' }, e('error')]);
    expect(reply.acks).toEqual({ [s]: 3 });
    expect(reply.rejected).toEqual([{ index: 1, error: expect.stringContaining('`prompt_tokens`') }]);
    const malformed = await producer.send('{"session_id":');
    expect(malformed).toMatchObject({ kind: 'error', error: expect.stringMatching(/^malformed JSON/), retryable: false });
    expect(await producer.send(e('done'))).toMatchObject({ kind: 'ack' });
  });
});

describe('ingest over HTTP NDJSON', () => {
  it('counts accepted, duplicate and rejected lines with line numbers and reasons', async () => {
    const { url } = await start();
    const s = uniqueSessionId('http');
    const e = sessionEvents(s);
    const lines = [JSON.stringify(e('token_usage')), '', '{not json', JSON.stringify({ ...e('done'), seq: -1 }), JSON.stringify(e('rlm_complete')), JSON.stringify({ ...e('done'), type: 'future_thing' })];
    const first = await postNdjson(url, lines.join('\n') + '\n');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, duplicates: 0, unknown_types: 1 });
    expect(first.body.rejected).toEqual([
      { line: 3, error: expect.stringMatching(/^malformed JSON/) },
      { line: 4, error: expect.stringContaining('`seq`') },
    ]);
    const again = await postNdjson(url, lines.join('\r\n'));
    // The unknown-type event is ephemeral, so its resend is stale: a duplicate too.
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3 });
  });

  it('refuses a body that is not NDJSON with a clear message', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toContain('application/x-ndjson');
  });
});

describe('store', () => {
  it('keeps everything across a restart on the same database', async () => {
    const first = await startTestServer();
    const s = uniqueSessionId('restart');
    const e = sessionEvents(s);
    const producer = await openProducer(first.wsUrl);
    await producer.send([e('session_sync', { session: { id: s, title: 'Survives restarts' } }), e('token_usage'), e('compaction_started'), e('done')]);
    producer.socket.close();
    await first.server.close();

    const second = await start({ dir: first.dir });
    const page = eventPageSchema.parse((await getJson(`${second.url}/api/v1/sessions/${s}/events`)).body);
    expect(page.events.map((x) => x.event.type)).toEqual(['token_usage', 'compaction_started', 'done']);
    const summary = sessionSummarySchema.parse((await getJson(`${second.url}/api/v1/sessions/${s}`)).body);
    expect(summary).toMatchObject({ title: 'Survives restarts', status: 'done' });
  });

  it('answers 400 naming a bad query parameter and 404 for an unknown session', async () => {
    const { url } = await start();
    const bad = await getJson(`${url}/api/v1/sessions?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ issues: [{ parameter: 'limit' }] });
    const unknownParam = await getJson(`${url}/api/v1/sessions?colour=red`);
    expect(unknownParam.status).toBe(400);
    expect((await getJson(`${url}/api/v1/sessions/nope`)).status).toBe(404);
    expect((await getJson(`${url}/api/v1/nothing-here`)).status).toBe(404);
  });
});

import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema } from '#protocol/api-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openLiveClient, openProducer, testServers, waitFor } from '../test-support/test-server';
import { engineSerialises } from '../test-support/engine-json';
import { UNREADABLE_EVENT_TYPE } from './stored-event-json';

const servers = testServers(afterEach);

/** JSON nested `depth` deep: V8 parses it; Node 20's JSON.stringify of the result overflows the stack. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/**
 * Whether the row nested 12,000 deep is still poison on this engine. On Node 20 it is,
 * and reads back as the stand-in; Node 26's JSON.stringify does not recurse and serialises
 * it, so it reads back as stored. Either way nothing around it may be lost. (That a row
 * that does fail becomes a stand-in is tested on every engine in stored-event-json.test.ts.)
 */
const deepIsPoison = !engineSerialises(JSON.parse(nested(12_000)));
const deepRowType = (storedType: string) => (deepIsPoison ? UNREADABLE_EVENT_TYPE : storedType);

/**
 * Issue 13, item 1 (read side): an event nested ~12,000 deep that was stored
 * before ingest limited depth. It is written straight into the database, as the
 * old server did, beside ordinary events of the same and of another session.
 */
async function serverWithPoisonedEvent() {
  const t = await servers.start();
  const poisoned = uniqueSessionId('poisoned');
  const other = uniqueSessionId('bystander');
  const e = sessionEvents(poisoned);
  const producer = await openProducer(t.wsUrl);
  servers.defer(() => producer.socket.close());
  await producer.send([e('token_usage'), sessionEvents(other)('token_usage')]);
  const db = new Database(path.join(t.dir, 'test.db'));
  const json = `{"session_id":"${poisoned}","seq":2,"ts":1764763200000,"type":"tool_call_start","name":"bash","arguments":"{}","extra":${nested(12_000)}}`;
  db.prepare('INSERT INTO events (session_id, seq, ts_ms, type, json) VALUES (?, ?, ?, ?, ?)').run(poisoned, 2, 1764763200000, 'tool_call_start', json);
  db.close();
  const after = sessionEvents(poisoned, 3);
  await producer.send([after('token_usage'), after('text_complete'), sessionEvents(other, 2)('token_usage')]);
  return { ...t, poisoned, other };
}

describe('a stored event that cannot be serialised', () => {
  it('is a stand-in naming why in GET /sessions/:id/events, and the rest of the page is intact', async () => {
    const { url, poisoned } = await serverWithPoisonedEvent();
    const res = await fetch(`${url}/api/v1/sessions/${poisoned}/events`);
    expect(res.status).toBe(200);
    const page = eventPageSchema.parse(await res.json());
    expect(page.events.map((r) => [r.event.seq, r.event.type])).toEqual([
      [1, 'token_usage'],
      [2, deepRowType('tool_call_start')],
      [3, 'token_usage'],
      [4, 'text_complete'],
    ]);
    expect(page.events[1]!.event).toMatchObject(
      deepIsPoison ? { session_id: poisoned, original_type: 'tool_call_start', reason: expect.stringMatching(/nested too deeply/) } : { session_id: poisoned, name: 'bash' },
    );
    // Paging backwards (newest first) over it works too.
    const back = await fetch(`${url}/api/v1/sessions/${poisoned}/events?order=desc&cursor=${page.events[3]!.cursor}&limit=2`);
    expect(back.status).toBe(200);
    expect(eventPageSchema.parse(await back.json()).events.map((r) => r.event.type)).toEqual(['token_usage', deepRowType('tool_call_start')]);
  });

  it('does not break a live replay passing it: every event arrives, the stand-in in its place, then caught_up', async () => {
    const { wsUrl, poisoned, other } = await serverWithPoisonedEvent();
    const live = await openLiveClient(wsUrl, '?cursor=0');
    servers.defer(() => live.socket.close());
    let closeCode: number | null = null;
    live.socket.on('close', (code) => (closeCode = code));
    await waitFor(() => live.messages.some((m) => m.kind === 'caught_up') || closeCode !== null, 'caught_up or close');
    expect(closeCode).toBeNull();
    const replayed = live.messages.flatMap((m) => (m.kind === 'events' ? m.events.map((x) => `${x.event.session_id === poisoned ? 'p' : 'o'}${x.event.seq}:${x.event.type}`) : []));
    expect(replayed).toEqual(['p1:token_usage', 'o1:token_usage', `p2:${deepRowType('tool_call_start')}`, 'p3:token_usage', 'p4:text_complete', 'o2:token_usage']);

    // And it goes live afterwards, for that session and others.
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    await producer.send([sessionEvents(other, 3)('token_usage')]);
    await waitFor(() => live.storedCursors().length === 7, 'the live event after the replay');
  });

  it('does not break a replay of only that session', async () => {
    const { wsUrl, poisoned } = await serverWithPoisonedEvent();
    const live = await openLiveClient(wsUrl, `?cursor=0&sessions=${poisoned}`);
    servers.defer(() => live.socket.close());
    await waitFor(() => live.messages.some((m) => m.kind === 'caught_up'), 'caught_up');
    expect(live.messages.some((m) => m.kind === 'error')).toBe(false);
    expect(live.storedCursors()).toHaveLength(4);
  });

  it('in the present state does not fail a joining browser: the snapshot carries a stand-in where the engine cannot serialise it', async () => {
    const { server, wsUrl } = await servers.start();
    const s = uniqueSessionId('deep-present');
    // What a server before the ingest depth limit could hold: a deep ephemeral event, applied as it passed.
    const deep = JSON.parse(`{"session_id":"${s}","seq":1,"ts":1764763200000,"type":"token_estimate","model":"m","request_tokens":1,"budget":2,"extra":${nested(12_000)}}`) as SessionEvent;
    server.hub.present.apply(deep);
    const live = await openLiveClient(wsUrl, `?sessions=${s}`);
    servers.defer(() => live.socket.close());
    const snapshot = await waitFor(() => live.messages.find((m) => m.kind === 'snapshot'), 'snapshot');
    expect(snapshot.kind === 'snapshot' && snapshot.events.map((e) => [e.type, e.original_type])).toEqual([deepIsPoison ? [UNREADABLE_EVENT_TYPE, 'token_estimate'] : ['token_estimate', undefined]]);
    expect(live.messages.some((m) => m.kind === 'error')).toBe(false);
  });
});

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { healthSchema } from '#protocol/health-schemas';
import type { SessionEvent } from '#protocol/event-schemas';
import { ProducerClient } from '../producer/producer-client';
import { createTempDatabase, testAdminUrl, type TempDatabase } from '../test-support/postgres/temp-database';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { startFailoverProxy } from '../test-support/failover-proxy';
import { scaledModeSkipReason, testNatsUrl, uniqueSubject } from '../test-support/nats-test';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { openLiveClient, openProducer, waitFor } from '../test-support/test-server';

// Scaled mode end to end: two server processes on one fresh PostgreSQL database
// and one NATS subject. Producers write to one replica, browsers follow the
// other. Skipped, with the reason, when PostgreSQL or NATS does not answer.

const skipReason = await scaledModeSkipReason('two-replica');

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
});

async function startReplicas(): Promise<{ database: TempDatabase; a: ServerProcess; b: ServerProcess }> {
  const database = await createTempDatabase(testAdminUrl);
  cleanups.push(() => database.drop());
  const env = { DATABASE_URL: database.url, NATS_URL: testNatsUrl, TETHER_NATS_SUBJECT: uniqueSubject('replicas') };
  const start = () => startServerProcess({ env, args: ['--codetether-dir', 'off'] });
  // One after the other: both would otherwise race to create the schema.
  const a = await start();
  cleanups.push(() => a.stop());
  const b = await start();
  cleanups.push(() => b.stop());
  return { database, a, b };
}

/** Every stored event, straight from the database: what was really committed. */
async function committedRows(database: TempDatabase): Promise<{ cursor: number; session_id: string; seq: number }[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ cursor: string; session_id: string; seq: string }>('SELECT cursor, session_id, seq FROM events ORDER BY cursor');
    return result.rows.map((r) => ({ cursor: Number(r.cursor), session_id: r.session_id, seq: Number(r.seq) }));
  } finally {
    await client.end();
  }
}

async function follow(wsUrl: string, query = '') {
  const client = await openLiveClient(wsUrl, query);
  cleanups.push(async () => client.socket.close());
  await waitFor(() => client.messages.some((m) => m.kind === 'caught_up'), 'caught_up', 10_000);
  return client;
}

/** A frame of one durable, one history and one ephemeral event of a session. */
function frameOf(e: ReturnType<typeof sessionEvents>, i: number) {
  return [e('token_usage', { prompt_tokens: 100 + i }), e('tool_call_start', { tool_call_id: `call-${i}` }), e('text_chunk', { delta: `chunk ${i} ` })];
}

describe.skipIf(skipReason !== null)('two replicas sharing PostgreSQL and NATS', () => {
  it('a replica whose NATS does not answer stops at start-up, saying why', async () => {
    const database = await createTempDatabase(testAdminUrl);
    cleanups.push(() => database.drop());
    const started = startServerProcess({ env: { DATABASE_URL: database.url, NATS_URL: 'nats://127.0.0.1:1' }, args: ['--codetether-dir', 'off'] });
    await expect(started).rejects.toThrow(/exited with 1 before starting:[\s\S]*NATS_URL nats:\/\/127\.0\.0\.1:1: cannot connect to NATS/);
  }, 60_000);

  it('a browser on one replica gets every event produced on either, once, in cursor order, and the present state of both', async () => {
    const { database, a, b } = await startReplicas();
    const onB = await follow(b.wsUrl);
    const onA = await follow(a.wsUrl);
    const producers = [await openProducer(a.wsUrl), await openProducer(b.wsUrl)];
    const sessions = [uniqueSessionId('on-a'), uniqueSessionId('on-b')];
    const factories = sessions.map((s) => sessionEvents(s));
    await Promise.all(
      producers.map(async (producer, p) => {
        for (let i = 0; i < 40; i++) expect(await producer.send(frameOf(factories[p]!, i))).toMatchObject({ kind: 'ack' });
      }),
    );
    const rows = await committedRows(database);
    expect(rows).toHaveLength(160);
    for (const client of [onA, onB]) {
      await waitFor(() => client.storedCursors().length >= rows.length, `every stored event on ${client === onA ? 'A' : 'B'}`, 30_000).catch(async (err: Error) => {
        // Say how far it got and what the replica's bus thinks, not just that it timed out.
        const health: unknown = await (await fetch(`${(client === onA ? a : b).url}/api/v1/health`)).json();
        throw new Error(`${err.message}: got ${client.storedCursors().length} of ${rows.length}; health ${JSON.stringify(health)}`);
      });
      expect(client.storedCursors()).toEqual(rows.map((r) => r.cursor));
    }
    // Ephemeral events produced on A reach B's browsers too.
    const ephemeralOnB = onB.messages.flatMap((m) => (m.kind === 'events' ? m.events.filter((e) => e.cursor === null) : []));
    expect(ephemeralOnB.some((e) => e.event.session_id === sessions[0])).toBe(true);

    // B's present state holds the session produced on A: a browser joining B now sees its running tool and text.
    const late = await follow(b.wsUrl, `?sessions=${sessions[0]}`);
    const snapshot = await waitFor(() => late.messages.find((m) => m.kind === 'snapshot'), 'snapshot');
    expect(snapshot.kind === 'snapshot' && snapshot.events.map((e) => e.type)).toEqual(expect.arrayContaining(['tool_call_start', 'text_chunk']));

    const health = healthSchema.parse(await (await fetch(`${b.url}/api/v1/health`)).json());
    expect(health).toMatchObject({ store: 'postgres', head_cursor: rows.at(-1)!.cursor, bus: { kind: 'nats', connected: true, delivered_head: rows.at(-1)!.cursor } });
  }, 120_000);

  it('a browser that leaves one replica and resumes from its cursor on the other misses nothing and gets nothing twice', async () => {
    const { database, a, b } = await startReplicas();
    const producer = await openProducer(a.wsUrl);
    const e = sessionEvents(uniqueSessionId('resume'));
    const first = await follow(b.wsUrl);
    for (let i = 0; i < 20; i++) await producer.send(frameOf(e, i));
    await waitFor(() => first.storedCursors().length >= 20, 'some events on B', 15_000);
    // What the browser had when it left, and the cursor it resumes from.
    const before = first.storedCursors();
    first.socket.close();
    const resumeFrom = before.at(-1)!;
    const sending = (async () => {
      for (let i = 20; i < 60; i++) await producer.send(frameOf(e, i));
    })();
    const second = await openLiveClient(a.wsUrl, `?cursor=${resumeFrom}`);
    cleanups.push(async () => second.socket.close());
    await sending;
    const rows = await committedRows(database);
    expect(rows).toHaveLength(120);
    await waitFor(() => before.length + second.storedCursors().length >= rows.length, 'the rest on A', 15_000);
    expect([...before, ...second.storedCursors()]).toEqual(rows.map((r) => r.cursor));
  }, 120_000);

  it('when the replica a producer writes to is killed, it carries on through the other and nothing acknowledged is lost', async () => {
    const { database, a, b } = await startReplicas();
    const balancer = await startFailoverProxy([a.port, b.port]);
    cleanups.push(() => balancer.close());
    const onB = await follow(b.wsUrl);
    const acked: SessionEvent[] = [];
    const producer = new ProducerClient({
      url: `${balancer.wsUrl}/api/v1/ingest`,
      reconnectBaseMs: 50,
      reconnectMaxMs: 500,
      ackTimeoutMs: 5000,
      onAcked: (events) => acked.push(...events),
    });
    cleanups.push(() => producer.close());
    await producer.whenConnected();
    const factories = Array.from({ length: 4 }, (_, i) => sessionEvents(uniqueSessionId(`kill-${i}`)));
    let sent = 0;
    for (let i = 0; i < 150; i++) {
      for (const e of factories) for (const event of frameOf(e, i)) producer.send(event);
      sent += factories.length * 2;
      if (i === 60) {
        await waitFor(() => acked.length > 0, 'some acknowledgements from A', 15_000);
        await a.kill();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await producer.flush(30_000);
    expect(producer.stats.connects).toBeGreaterThanOrEqual(2);

    const rows = await committedRows(database);
    const committed = new Set(rows.map((r) => `${r.session_id}#${r.seq}`));
    const ackedStored = acked.filter((ev) => ev.type !== 'text_chunk');
    expect(ackedStored.length).toBeGreaterThan(0);
    expect(ackedStored.filter((ev) => !committed.has(`${ev.session_id}#${ev.seq}`))).toEqual([]);
    // The producer resent whatever A took down with it: every stored event it sent is there, once.
    expect(rows).toHaveLength(sent);
    await waitFor(() => onB.storedCursors().length >= rows.length, 'every stored event on B', 20_000);
    expect(onB.storedCursors()).toEqual(rows.map((r) => r.cursor));
  }, 180_000);
});

import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '#protocol/api-schemas';
import { IngestPipeline } from '../ingest/ingest-pipeline';
import type { EventStore } from '../store/event-store';
import type { IngestItem } from '../ingest/ingest-item';
import { createPostgresStore } from '../store/postgres/postgres-store';
import { createTempDatabase, testAdminUrl, type TempDatabase } from '../test-support/postgres/temp-database';
import { makeItem } from '../test-support/store-test-events';
import { startFailoverProxy } from '../test-support/failover-proxy';
import { scaledModeSkipReason, testNatsUrl, uniqueSubject } from '../test-support/nats-test';
import { waitFor } from '../test-support/test-server';
import type { LiveHub, OutgoingEvent } from './live-hub';
import { NatsLiveBus } from './nats-live-bus';

// Two buses in one process, each with its own store connection to one fresh
// PostgreSQL database, its own ingest pipeline and a recording hub: the
// ordering, gap-fill and doorbell paths against the real NATS and PostgreSQL.
// Skipped, with the reason, when either does not answer on loopback.

const skipReason = await scaledModeSkipReason('live bus');

const log = pino({ level: 'silent' });

/** Stands in for a LiveHub: records what it is asked to fan out. */
function recordingHub() {
  const events: OutgoingEvent[] = [];
  const summaries: SessionSummary[] = [];
  const hub = {
    deliver(out: readonly OutgoingEvent[], sessions: readonly SessionSummary[]) {
      events.push(...out);
      summaries.push(...sessions);
    },
  };
  const cursors = () => events.flatMap((e) => (e.cursor === null ? [] : [e.cursor]));
  return { hub: hub as unknown as LiveHub, events, summaries, cursors };
}

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function replica(database: TempDatabase, subject: string, natsUrl = testNatsUrl) {
  const store = await createPostgresStore({ url: database.url, poolSize: 2 });
  const recorder = recordingHub();
  const bus = await NatsLiveBus.start({ url: natsUrl, subject, store, hub: recorder.hub, log });
  const pipeline = new IngestPipeline(store, (batch) => bus.committed(batch), log);
  cleanups.push(async () => {
    await pipeline.drain();
    await bus.close();
    await store.close();
  });
  return { store, bus, pipeline, ...recorder };
}

async function storedCursors(store: EventStore): Promise<number[]> {
  return (await store.eventsAfter(0, null, 100_000)).map((r) => r.cursor);
}

describe.skipIf(skipReason !== null)('NatsLiveBus (PostgreSQL + NATS)', () => {
  async function twoReplicas(label: string) {
    const database = await createTempDatabase(testAdminUrl);
    cleanups.push(() => database.drop());
    const subject = uniqueSubject(label);
    return { database, subject, a: await replica(database, subject), b: await replica(database, subject) };
  }

  it('fans every batch committed on either replica out on both, in cursor order, exactly once', async () => {
    const { a, b } = await twoReplicas('order');
    const submits: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const target = i % 2 === 0 ? a : b;
      const session = `s-${i % 4}`;
      const seq = Math.floor(i / 4) * 2 + 1;
      submits.push(target.pipeline.submit([makeItem('token_usage', session, seq, 1000 + i), makeItem('text_chunk', session, seq + 1, 1000 + i)]));
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(submits);
    const all = await storedCursors(a.store);
    expect(all).toHaveLength(60);
    for (const r of [a, b]) {
      await waitFor(() => r.cursors().length >= 60, 'every stored event on the replica', 5000);
      expect(r.cursors()).toEqual(all);
      // Ephemeral events of both replicas arrive too (they may drop only under load).
      expect(r.events.filter((e) => e.cursor === null)).toHaveLength(60);
    }
  });

  it('fills from the store a batch whose replica committed it but never published it', async () => {
    const { database, a, b } = await twoReplicas('lost');
    // A third writer on the same database that never touches NATS: like a replica killed between commit and publish.
    const silent = await createPostgresStore({ url: database.url, poolSize: 1 });
    cleanups.push(() => silent.close());
    await a.pipeline.submit([makeItem('token_usage', 's', 1, 1)]);
    await silent.ingest([makeItem('token_usage', 's', 2, 2), makeItem('done', 's', 3, 3)]);
    await b.pipeline.submit([makeItem('token_usage', 't', 1, 4)]);
    const all = await storedCursors(a.store);
    expect(all).toHaveLength(4);
    for (const r of [a, b]) {
      await waitFor(() => r.cursors().length >= 4, 'the unpublished batch, read from the store', 5000);
      expect(r.cursors()).toEqual(all);
      expect(r.bus.status()).toMatchObject({ kind: 'nats', connected: true, delivered_head: all.at(-1) });
      expect((r.bus.status() as { gap_fills: number }).gap_fills).toBeGreaterThan(0);
      // The session the lost batch touched is restated from the store.
      await waitFor(() => r.summaries.some((s) => s.session_id === 's' && s.status === 'done'), 'the filled session summary', 5000);
    }
  });

  it('sends a batch too large for NATS as a doorbell, and the other replica reads it from the store', async () => {
    const { a, b } = await twoReplicas('doorbell');
    const huge: IngestItem = makeItem('text_complete', 'big', 1, 1, { text: 'x'.repeat(1_200_000) });
    await a.pipeline.submit([huge, makeItem('token_usage', 'big', 2, 2)]);
    const all = await storedCursors(a.store);
    await waitFor(() => b.cursors().length >= 2, 'the large batch on the other replica', 5000);
    expect(b.cursors()).toEqual(all);
    expect(b.events.find((e) => e.cursor === all[0])?.event).toMatchObject({ type: 'text_complete', session_id: 'big' });
    expect(a.cursors()).toEqual(all);
  });

  it('reads what was published while NATS was unreachable from the store, and reports the connection meanwhile', async () => {
    const database = await createTempDatabase(testAdminUrl);
    cleanups.push(() => database.drop());
    const subject = uniqueSubject('reconnect');
    // B reaches NATS through a link that can be cut.
    const link = await startFailoverProxy([Number(new URL(testNatsUrl).port || 4222)]);
    cleanups.push(() => link.close());
    const a = await replica(database, subject);
    const b = await replica(database, subject, `nats://127.0.0.1:${link.port}`);
    await a.pipeline.submit([makeItem('token_usage', 'r', 1, 1)]);
    await waitFor(() => b.cursors().length === 1, 'the first batch on B', 5000);

    link.dropConnections();
    await waitFor(() => b.bus.status().connected === false, 'B to notice the lost connection', 5000);
    for (let seq = 2; seq <= 6; seq++) await a.pipeline.submit([makeItem('token_usage', 'r', seq, seq)]);
    const all = await storedCursors(a.store);
    await waitFor(() => b.bus.status().connected, 'B to reconnect', 10_000);
    await waitFor(() => b.cursors().length >= all.length, 'the batches B missed, from the store', 5000);
    expect(b.cursors()).toEqual(all);
    // And the bus carries new batches again.
    await a.pipeline.submit([makeItem('token_usage', 'r', 7, 7)]);
    await waitFor(() => b.cursors().length === all.length + 1, 'a batch after the reconnect', 5000);
  });

  it('refuses to start with a clear error when NATS does not answer', async () => {
    const database = await createTempDatabase(testAdminUrl);
    cleanups.push(() => database.drop());
    const store = await createPostgresStore({ url: database.url, poolSize: 1 });
    cleanups.push(() => store.close());
    await expect(NatsLiveBus.start({ url: 'nats://127.0.0.1:1', subject: 'x', store, hub: recordingHub().hub, log })).rejects.toThrow(
      /NATS_URL nats:\/\/127\.0\.0\.1:1: cannot connect to NATS/,
    );
  });
});

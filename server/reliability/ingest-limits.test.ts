import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventPageSchema } from '#protocol/api-schemas';
import { ProducerClient } from '../producer/producer-client';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openLiveClient, openProducer, postNdjson, testServers, waitFor } from '../test-support/test-server';

// Each configurable ingest limit against the real server: the refusal names the
// limit and its value, valid neighbours still go in, and the server stays up.

const servers = testServers(afterEach);

const storedSeqs = async (url: string, sessionId: string) =>
  eventPageSchema.parse(await (await fetch(`${url}/api/v1/sessions/${sessionId}/events?limit=1000`)).json()).events.map((e) => e.event.seq);

/** Opens a WebSocket and resolves with how it went: open, or the refusal's status and JSON body. */
function tryOpen(wsUrl: string, path: string): Promise<{ open: WebSocket } | { status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}${path}`);
    socket.once('open', () => resolve({ open: socket }));
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    socket.once('error', reject);
  });
}

describe('ingest limits', () => {
  it('maxEventBytes: an oversize event is refused by index or line, its neighbours are stored', async () => {
    const { url, wsUrl } = await servers.start({ config: { maxEventBytes: 2048 } });
    const s = uniqueSessionId('event-size');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    const reply = await producer.send([e('token_usage'), e('text_complete', { text: 'x'.repeat(3000) }), e('done')]);
    expect(reply).toMatchObject({ kind: 'ack', acks: { [s]: 3 } });
    expect(reply.rejected).toEqual([{ index: 1, error: expect.stringMatching(/over the maxEventBytes limit of 2 KiB \(TETHER_MAX_EVENT_BYTES\)/) }]);

    const lines = [e('tool_call_start'), e('text_complete', { text: 'y'.repeat(3000) }), e('error')].map((x) => JSON.stringify(x));
    const http = await postNdjson(url, lines.join('\n'));
    expect(http.status).toBe(200);
    expect(http.body).toMatchObject({ accepted: 2, rejected: [{ line: 2, error: expect.stringContaining('maxEventBytes limit of 2 KiB') }] });
    expect(await storedSeqs(url, s)).toEqual([1, 3, 4, 6]);
  });

  it('maxBatchEvents: a frame or body with too many events is refused whole and not retryable; one at the limit goes in', async () => {
    const { url, wsUrl } = await servers.start({ config: { maxBatchEvents: 5 } });
    const s = uniqueSessionId('batch');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    const tooMany = await producer.send(Array.from({ length: 6 }, () => e('token_usage')));
    expect(tooMany).toEqual({ kind: 'error', retryable: false, error: expect.stringContaining('frame holds 6 events, over the maxBatchEvents limit of 5 (TETHER_MAX_BATCH_EVENTS)') });
    expect(await producer.send(Array.from({ length: 5 }, () => e('token_usage')))).toMatchObject({ kind: 'ack', acks: { [s]: 11 } });

    const body = Array.from({ length: 6 }, () => JSON.stringify(e('token_usage'))).join('\n');
    const http = await postNdjson(url, body);
    expect(http).toEqual({ status: 413, body: { retryable: false, error: expect.stringContaining('body holds 6 lines, over the maxBatchEvents limit of 5') } });
    expect(await storedSeqs(url, s)).toEqual([7, 8, 9, 10, 11]);
  });

  // The WebSocket library refuses an oversize frame before it is read, closing with 1009 ("message too big", RFC 6455) and no reason text.
  it('maxFrameBytes and maxBodyBytes: an oversize frame closes the socket with 1009, an oversize body is answered 413 naming the limit', async () => {
    const { url, wsUrl } = await servers.start({ config: { maxFrameBytes: 4096, maxBodyBytes: 4096 } });
    const s = uniqueSessionId('bytes');
    const e = sessionEvents(s);
    const producer = await openProducer(wsUrl);
    const closed = new Promise<[number, string]>((resolve) => producer.socket.once('close', (code, reason) => resolve([code, reason.toString()])));
    producer.socket.send(JSON.stringify(Array.from({ length: 40 }, () => e('token_usage'))));
    expect((await closed)[0]).toBe(1009);

    const http = await postNdjson(url, Array.from({ length: 40 }, () => JSON.stringify(e('token_usage'))).join('\n'));
    expect(http).toEqual({ status: 413, body: { retryable: false, error: expect.stringContaining('over the maxBodyBytes limit of 4 KiB (TETHER_MAX_BODY_BYTES)') } });
    // Still up, and a frame under the limit goes in.
    const again = await openProducer(wsUrl);
    servers.defer(() => again.socket.close());
    expect(await again.send([e('done')])).toMatchObject({ kind: 'ack' });
  });

  it('maxIngestConnections and maxLiveConnections: one too many is refused with 503 naming the limit, and admitted once another closes', async () => {
    const { wsUrl } = await servers.start({ config: { maxIngestConnections: 2, maxLiveConnections: 1 } });
    const first = await openProducer(wsUrl);
    const second = await openProducer(wsUrl);
    servers.defer(() => second.socket.close());
    const third = await tryOpen(wsUrl, '/api/v1/ingest');
    expect(third).toEqual({ status: 503, body: { retryable: true, error: expect.stringContaining('too many ingest connections: the maxIngestConnections limit of 2 (TETHER_MAX_INGEST_CONNECTIONS)') } });

    const live = await openLiveClient(wsUrl);
    const secondLive = await tryOpen(wsUrl, '/api/v1/live');
    expect(secondLive).toMatchObject({ status: 503, body: { error: expect.stringContaining('the maxLiveConnections limit of 1') } });

    first.socket.close();
    live.socket.close();
    const admitted = await waitFor(async () => {
      const attempt = await tryOpen(wsUrl, '/api/v1/ingest');
      return 'open' in attempt ? attempt.open : null;
    }, 'an ingest slot');
    admitted.close();
    const liveAgain = await waitFor(async () => {
      const attempt = await tryOpen(wsUrl, '/api/v1/live');
      return 'open' in attempt ? attempt.open : null;
    }, 'a live slot');
    liveAgain.close();
  });

  it('ingestEventsPerSecond: a frame over the rate is refused as retryable with a retry-after, and the producer client delivers everything anyway', async () => {
    const rate = 200;
    const { url, wsUrl } = await servers.start({ config: { ingestEventsPerSecond: rate } });
    const s = uniqueSessionId('rate');
    const e = sessionEvents(s);
    const raw = await openProducer(wsUrl);
    servers.defer(() => raw.socket.close());
    expect(await raw.send(Array.from({ length: rate }, () => e('token_usage')))).toMatchObject({ kind: 'ack' });
    // Three quarters of a second's worth right after a full second's: refused unless 750 ms passed
    // in between (a frame of 50 was let through when a loaded machine took 250 ms between the two).
    const refused = await raw.send(Array.from({ length: 150 }, () => e('token_usage')));
    expect(refused).toMatchObject({ kind: 'error', retryable: true, error: expect.stringContaining('over the ingestEventsPerSecond limit of 200 events a second per connection (TETHER_INGEST_EVENTS_PER_SECOND)') });
    expect(refused.retry_after_ms).toBeGreaterThan(0);
    expect(refused.retry_after_ms).toBeLessThanOrEqual(750);

    // HTTP shares the rule, per client address: 429 with Retry-After. Two seconds' worth
    // at once is let through on a full allowance and leaves a second of debt.
    const body = Array.from({ length: rate * 2 }, () => JSON.stringify(e('token_usage'))).join('\n');
    const first = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    expect(first.status).toBe(200);
    // Read to the end, so that the keep-alive connection is free for the next request.
    expect(await first.json()).toMatchObject({ accepted: rate * 2 });
    const second = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify(e('done')) });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await second.json()).toMatchObject({ retryable: true, error: expect.stringContaining('ingestEventsPerSecond') });

    // A producer sending 3 seconds' worth at once is slowed down, never loses a durable event.
    const client = new ProducerClient({ url: `${wsUrl}/api/v1/ingest`, maxBatch: 100, reconnectBaseMs: 50, reconnectMaxMs: 400 });
    servers.defer(() => client.close());
    const s2 = uniqueSessionId('rate-client');
    const e2 = sessionEvents(s2);
    for (let i = 0; i < rate * 3; i++) client.send(e2('token_usage'));
    await client.flush(15_000);
    expect(client.stats).toMatchObject({ acked: rate * 3, rejected: 0, unacked: 0 });
    expect(client.stats.refusedFrames).toBeGreaterThan(0);
    const stored = await storedSeqs(url, s2);
    expect(new Set(stored).size).toBe(rate * 3);
  }, 30_000);
});

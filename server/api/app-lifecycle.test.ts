import net from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestRefusalSchema, requestRefusalSchema } from '#protocol/api-schemas';
import { healthSchema } from '#protocol/health-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openProducer, startTestServer, testServers } from '../test-support/test-server';

// Issue 16: the shared services are the app's decorators, shutdown is Fastify's own
// `app.close()` (its hooks, no closer handed back by a route), and the ingest and
// health routes declare what they take and answer.

const servers = testServers(afterEach);

describe('the app as Fastify runs it', () => {
  it('closes through app.close(): what was sent is acknowledged, producers are told why, the store closes last', async () => {
    const { server, wsUrl } = await startTestServer();
    expect(server.app.store).toBe(server.store);
    expect(server.app.hub).toBe(server.hub);
    const producer = await openProducer(wsUrl);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      producer.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const session = uniqueSessionId('lifecycle');
    expect(await producer.send([sessionEvents(session)('token_usage')])).toMatchObject({ kind: 'ack', acks: { [session]: 1 } });

    await server.app.close();
    expect(await closed).toEqual({ code: 1001, reason: 'server shutting down' });
    // The onClose hook closed the store: reading it now fails instead of answering.
    await expect(Promise.resolve().then(() => server.store.headCursor())).rejects.toThrow(/not open/);
    // The server's own close is the same close, not a second one.
    await server.close();
  });

  it('a producer reconnecting while the server closes is refused and does not hold the close', async () => {
    const { server, url } = await startTestServer();
    const port = Number(new URL(url).port);
    // A raw socket, so the request is sent exactly while the close is under way.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    // A reset is one of the two ends allowed below.
    socket.on('error', () => undefined);
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    const closed = server.app.close();
    socket.write(`GET /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    // Before, the 503 went out on a socket nobody closed, and the close waited for it for good.
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still closing after 5 s'), 5_000))]);
    expect(outcome).toBe('closed');
    await socketClosed;
    // Under Node 20 the request is answered with Fastify's 503 while closing; under Node 26 the
    // connection, opened before the close began and idle until then, is reset a few ms into the
    // close instead. Either way the producer is refused and its socket closed.
    expect(reply === '' ? 'reset' : reply.split('\r\n')[0]).toMatch(/^(reset|HTTP\/1\.1 503 Service Unavailable)$/);
  });

  it('refuses a parameter the ingest routes do not take, naming it, and answers refusals in their declared shape', async () => {
    const { url, wsUrl } = await servers.start();
    const unknownParameter = await fetch(`${url}/api/v1/events?format=ndjson`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '',
    });
    expect(unknownParameter.status).toBe(400);
    expect(requestRefusalSchema.parse(await unknownParameter.json()).issues).toEqual([{ parameter: 'format', message: expect.stringMatching(/format/) }]);

    const wrongType = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect(ingestRefusalSchema.strict().parse(await wrongType.json())).toMatchObject({ retryable: false, error: expect.stringMatching(/NDJSON/) });

    const refusedUpgrade = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${wsUrl}/api/v1/ingest?batch=1`);
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => reject(new Error('an unknown parameter was let through')));
    });
    expect(refusedUpgrade).toBe(400);
  });

  it('answers /health in its declared shape', async () => {
    const { url } = await servers.start();
    const res = await fetch(`${url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(healthSchema.strict().parse(await res.json())).toMatchObject({ status: 'ok', store: 'sqlite' });
  });
});

import net from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { openProducer, postNdjson, testServers, waitFor } from '../test-support/test-server';

// Issue 13, item 5: no memory or time bound on ingest connections. A producer
// that never read its replies made the server buffer every one; empty frames
// cost nothing against the rate; a trickled body stayed open forever; half-sent
// bodies held their bytes without limit. Real sockets on loopback; every wait
// is bounded. The figures (RSS) come from ingest-bounds-measure.ts.

const servers = testServers(afterEach);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw HTTP/1.1 client: what it was answered (status line), and whether the server closed it. */
function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const state = { answer: '', closed: false };
  socket.on('data', (d) => (state.answer += d.toString()));
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => {});
  return { socket, state, status: () => /^HTTP\/1\.1 (\d+)/.exec(state.answer)?.[1] };
}

const postHead = (port: number, length: number) =>
  `POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${length}\r\n\r\n`;

describe('producer WebSockets', () => {
  it('stop being read once their unread replies pass the limit, and are closed when they stay unread', async () => {
    const { wsUrl } = await servers.start({ config: { ingestSendBufferBytes: 16 * 1024, requestTimeoutMs: 1500, headersTimeoutMs: 500, ingestEventsPerSecond: 0 } });
    // Each element is refused with its own message: a reply ~50 times its frame, to fill the server's side.
    const amplifying = `[${Array.from({ length: 2000 }, () => '0').join(',')}]`;
    // Then frames that are cheap to answer and big, to fill the kernel's buffers between us quickly.
    const bulky = `["${'x'.repeat(64 * 1024)}"]`;
    const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
    servers.defer(() => socket.terminate());
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.pause();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    // Until the server stops reading, the frames leave our buffer as fast as they are written.
    for (let i = 0; i < 300; i++) socket.send(amplifying);
    const stalled = await waitFor(
      () => {
        for (let i = 0; i < 20 && socket.readyState === socket.OPEN; i++) socket.send(bulky);
        return socket.bufferedAmount > 4 * 1024 * 1024;
      },
      'the server to stop reading the producer that reads nothing',
      10_000,
    );
    expect(stalled).toBe(true);

    // Stalled past requestTimeoutMs: closed (the close frame waits behind the replies, so the socket is then destroyed).
    await sleep(1500 + 1500);
    socket.resume();
    const code = await Promise.race([closed, sleep(5000).then(() => 'still open' as const)]);
    expect([1008, 1006]).toContain(code);
  }, 30_000);

  it('are read again once a slow producer catches up, and every frame is answered', async () => {
    const { wsUrl } = await servers.start({ config: { ingestSendBufferBytes: 16 * 1024, requestTimeoutMs: 20_000, headersTimeoutMs: 500, ingestEventsPerSecond: 0 } });
    const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
    servers.defer(() => socket.terminate());
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let replies = 0;
    socket.on('message', () => replies++);
    socket.pause();
    const frames = 400;
    const amplifying = `[${Array.from({ length: 2000 }, () => '0').join(',')}]`;
    for (let i = 0; i < frames; i++) socket.send(amplifying);
    // Long enough for the server to have stopped reading (its replies fill our receive buffer).
    await sleep(1500);
    expect(replies).toBe(0);
    socket.resume();
    await waitFor(() => replies === frames, `all ${frames} replies`, 20_000);
    expect(socket.readyState).toBe(socket.OPEN);
  }, 30_000);

  it('keep working past requestTimeoutMs when the producer reads its replies', async () => {
    const { wsUrl } = await servers.start({ config: { requestTimeoutMs: 800, headersTimeoutMs: 400 } });
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    await sleep(2000);
    const reply = await producer.send({ ...sampleEvents.done, session_id: 'idle-producer', seq: 1 });
    expect(reply).toMatchObject({ kind: 'ack', acks: { 'idle-producer': 1 } });
  });

  it('count empty frames against the event rate', async () => {
    const { wsUrl } = await servers.start({ config: { ingestEventsPerSecond: 20 } });
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    const replies = await Promise.all(Array.from({ length: 60 }, () => producer.send('[]')));
    const limited = replies.filter((r) => r.kind === 'error' && r.retryable === true && typeof r.retry_after_ms === 'number');
    expect(limited.length).toBeGreaterThanOrEqual(30);
    expect(String(limited[0]!.error)).toContain('TETHER_INGEST_EVENTS_PER_SECOND');
  });
});

describe('HTTP requests', () => {
  it('cuts off a trickled body after requestTimeoutMs with 408', async () => {
    const { url } = await servers.start({ config: { requestTimeoutMs: 1000, headersTimeoutMs: 500 } });
    const port = Number(new URL(url).port);
    const client = rawClient(port);
    servers.defer(() => void client.socket.destroy());
    client.socket.write(postHead(port, 1000));
    const started = Date.now();
    while (!client.state.closed && Date.now() - started < 6000) {
      client.socket.write('{');
      await sleep(100);
    }
    expect(client.state.closed).toBe(true);
    expect(client.status()).toBe('408');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('cuts off trickled headers after headersTimeoutMs', async () => {
    const { url } = await servers.start({ config: { requestTimeoutMs: 5000, headersTimeoutMs: 500 } });
    const port = Number(new URL(url).port);
    const client = rawClient(port);
    servers.defer(() => void client.socket.destroy());
    client.socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    const started = Date.now();
    while (!client.state.closed && Date.now() - started < 6000) {
      client.socket.write('X');
      await sleep(100);
    }
    expect(client.state.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('bounds the bytes of bodies received at once: past the budget, 503 retryable, and room again once one ends', async () => {
    const MIB = 1024 * 1024;
    const { url } = await servers.start({ config: { maxBodyBytes: MIB, maxBodyBytesInFlight: 2 * MIB } });
    const port = Number(new URL(url).port);
    const halfSent = [rawClient(port), rawClient(port)];
    for (const client of halfSent) {
      servers.defer(() => void client.socket.destroy());
      client.socket.write(postHead(port, MIB));
      client.socket.write(Buffer.alloc(MIB / 2, 'a'));
    }
    // Both are being read (no answer yet); a third finds no room.
    await sleep(200);
    const third = await postNdjson(url, JSON.stringify({ ...sampleEvents.done, session_id: 'budget', seq: 1 }));
    expect(third.status).toBe(503);
    expect(third.body).toMatchObject({ retryable: true, error: expect.stringContaining('TETHER_MAX_BODY_BYTES_IN_FLIGHT') });
    halfSent[0]!.socket.destroy();
    const after = await waitFor(async () => {
      const r = await postNdjson(url, JSON.stringify({ ...sampleEvents.done, session_id: 'budget', seq: 1 }));
      return r.status === 200 ? r : null;
    }, 'room for a body once a half-sent one ended');
    expect(after.body).toMatchObject({ accepted: 1 });
  });

  it('refuses a body announced over maxBodyBytes before reading it (the default is 16 MiB)', async () => {
    const { url } = await servers.start();
    const port = Number(new URL(url).port);
    const client = rawClient(port);
    servers.defer(() => void client.socket.destroy());
    client.socket.write(postHead(port, 60 * 1024 * 1024));
    await waitFor(() => client.status(), 'an answer before the body is sent');
    expect(client.status()).toBe('413');
  });
});

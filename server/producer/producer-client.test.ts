import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '#protocol/event-schemas';
import { startFakeIngestServer, type FakeIngestOptions, type FakeIngestServer } from '../test-support/fake-ingest-server';
import { ProducerClient } from './producer-client';
import type { ProducerClientOptions, ProducerRejection } from './producer-options';

const ts = () => new Date().toISOString();

/** A history event: kept until acked. */
const toolStart = (sessionId: string, seq: number): SessionEvent => ({
  session_id: sessionId,
  seq,
  ts: ts(),
  type: 'tool_call_start',
  tool_call_id: `call-${seq}`,
  name: 'bash',
  arguments: JSON.stringify({ command: 'npm test' }),
});

/** An ephemeral event: live only. */
const textDelta = (sessionId: string, seq: number): SessionEvent => ({
  session_id: sessionId,
  seq,
  ts: ts(),
  type: 'text_chunk',
  delta: `word${seq} `,
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(server: FakeIngestOptions = {}, client: Partial<ProducerClientOptions> = {}) {
  const fake: FakeIngestServer = await startFakeIngestServer(server);
  cleanups.push(() => fake.close());
  const producer = new ProducerClient({ url: fake.url, flushIntervalMs: 0, reconnectBaseMs: 10, reconnectMaxMs: 50, ...client });
  cleanups.push(() => producer.close());
  return { fake, producer };
}

const storedSeqs = (fake: FakeIngestServer, sessionId: string) =>
  [...fake.stored.values()].filter((e) => e.session_id === sessionId).map((e) => e.seq).sort((a, b) => a - b);

describe('ProducerClient', () => {
  it('clears its unacked buffer as acks arrive', async () => {
    const { fake, producer } = await setup();
    await producer.whenConnected();
    for (let seq = 1; seq <= 8; seq++) producer.send(seq % 3 === 0 ? textDelta('s-a', seq) : toolStart('s-a', seq));
    expect(producer.stats.unacked).toBe(6);
    await producer.flush(2000);
    expect(producer.stats).toMatchObject({ sent: 8, acked: 8, unacked: 0, queued: 0, resent: 0, rejected: 0 });
    expect(storedSeqs(fake, 's-a')).toEqual([1, 2, 4, 5, 7, 8]);
  });

  it('coalesces events into array frames of at most maxBatch', async () => {
    const { fake, producer } = await setup({}, { maxBatch: 4, flushIntervalMs: 20 });
    await producer.whenConnected();
    for (let seq = 1; seq <= 10; seq++) producer.send(toolStart('s-b', seq));
    await producer.whenAcked(2000);
    expect(fake.frames.map((f) => f.length)).toEqual([4, 4, 2]);
    expect(fake.frames.flat().map((e) => (e as SessionEvent).seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('packs frames by bytes too, and refuses an event too large for any frame without sending it', async () => {
    const rejections: ProducerRejection[] = [];
    const { fake, producer } = await setup({}, { maxFrameBytes: 4096, flushIntervalMs: 20, onRejected: (r) => rejections.push(r) });
    await producer.whenConnected();
    const sized = (seq: number, chars: number): SessionEvent => ({ ...toolStart('s-bytes', seq), arguments: 'x'.repeat(chars) });
    // Each ~1.6 KB: two fit in 4 KiB, a third does not. The 5,000-character one fits no frame.
    producer.send(sized(1, 1500));
    producer.send(sized(2, 1500));
    producer.send(sized(3, 5000));
    producer.send(sized(4, 1500));
    producer.send(sized(5, 1500));
    await producer.whenAcked(2000);
    for (const frame of fake.frames) expect(Buffer.byteLength(JSON.stringify(frame))).toBeLessThanOrEqual(4096);
    expect(fake.frames.map((f) => f.map((e) => (e as SessionEvent).seq))).toEqual([[1, 2], [4, 5]]);
    expect(rejections.map((r) => [r.event.seq, r.error])).toEqual([[3, expect.stringMatching(/over this client's maxFrameBytes of 4096: not sent/)]]);
    expect(producer.stats).toMatchObject({ sent: 4, rejected: 1, unacked: 0 });
  });

  it('resends unacknowledged stored events after the server drops the connection mid-stream', async () => {
    const { fake, producer } = await setup({
      // First connection: the first frame is committed, the second is lost with the connection.
      respond: (_frame, { connection, frameIndex }) => (connection === 1 && frameIndex === 1 ? 'drop' : 'ack'),
    });
    await producer.whenConnected();
    for (let seq = 1; seq <= 3; seq++) producer.send(toolStart('s-c', seq));
    await producer.flush(2000);
    producer.send(toolStart('s-c', 4));
    producer.send(textDelta('s-c', 5));
    producer.send(toolStart('s-c', 6));
    producer.send(textDelta('s-c', 7));
    producer.send(toolStart('s-c', 8));
    await producer.whenAcked(5000);

    expect(fake.connections).toBe(2);
    // The lost frame's stored events came again on the new connection; its ephemeral ones did not.
    const resentFrame = fake.frames[2]!.map((e) => (e as SessionEvent).seq);
    expect(resentFrame).toEqual([4, 6, 8]);
    expect(storedSeqs(fake, 's-c')).toEqual([1, 2, 3, 4, 6, 8]);
    expect(producer.stats).toMatchObject({ resent: 3, dropped: 2, unacked: 0, connects: 2 });
  });

  it('reports events the server rejects and does not resend them', async () => {
    const rejections: ProducerRejection[] = [];
    const { fake, producer } = await setup({}, { onRejected: (r) => rejections.push(r) });
    await producer.whenConnected();
    const invalid = { ...toolStart('s-d', 2), type: 'token_usage', source: 'root', model: 'openai/gpt-5', prompt_tokens: -5 } as SessionEvent;
    producer.send(toolStart('s-d', 1));
    producer.send(invalid);
    producer.send(toolStart('s-d', 3));
    await producer.flush(2000);

    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.event).toBe(invalid);
    expect(rejections[0]!.error).toContain('token_usage');
    expect(producer.stats).toMatchObject({ rejected: 1, acked: 2, unacked: 0, resent: 0 });
    expect(storedSeqs(fake, 's-d')).toEqual([1, 3]);
  });

  it('retries the stored events of a frame the server refuses', async () => {
    const { fake, producer } = await setup({ respond: (_f, { frameIndex }) => (frameIndex === 0 ? 'refuse' : 'ack') });
    await producer.whenConnected();
    producer.send(toolStart('s-e', 1));
    producer.send(textDelta('s-e', 2));
    producer.send(toolStart('s-e', 3));
    await producer.flush(3000);
    expect(producer.stats).toMatchObject({ refusedFrames: 1, resent: 2, dropped: 1, unacked: 0 });
    expect(storedSeqs(fake, 's-e')).toEqual([1, 3]);
    expect(fake.connections).toBe(1);
  });

  it('keeps stored events and drops ephemeral ones until a server accepts the connection', async () => {
    const { fake, producer } = await setup({ refuseConnections: 2 });
    producer.send(toolStart('s-f', 1));
    producer.send(textDelta('s-f', 2));
    producer.send(toolStart('s-f', 3));
    await producer.whenAcked(5000);
    expect(storedSeqs(fake, 's-f')).toEqual([1, 3]);
    expect(fake.received.map((e) => e.seq)).toEqual([1, 3]);
    expect(producer.stats).toMatchObject({ dropped: 1, sent: 2, connects: 1 });
  });

  it('reconnects and resends when an ack does not match the frame it should answer', async () => {
    const { fake, producer } = await setup({
      respond: (_f, { connection }) =>
        connection === 1 ? { raw: JSON.stringify({ kind: 'ack', acks: { 'someone-else': 9 }, duplicates: 0, rejected: [] }) } : 'ack',
    });
    await producer.whenConnected();
    producer.send(toolStart('s-g', 1));
    await producer.flush(5000);
    expect(fake.connections).toBe(2);
    expect(storedSeqs(fake, 's-g')).toEqual([1]);
  });

  it('gives up on a connection that stops answering and resends on a new one', async () => {
    const { fake, producer } = await setup({ respond: (_f, { connection }) => (connection === 1 ? 'silence' : 'ack') }, { ackTimeoutMs: 200 });
    await producer.whenConnected();
    producer.send(toolStart('s-i', 1));
    await producer.flush(5000);
    expect(fake.connections).toBe(2);
    expect(producer.stats).toMatchObject({ resent: 1, acked: 1, unacked: 0 });
  });

  it('rejects pending whenAcked() calls on close()', async () => {
    const { producer } = await setup({ respond: () => 'silence' }, { ackTimeoutMs: 60_000 });
    await producer.whenConnected();
    producer.send(toolStart('s-h', 1));
    const outcome = producer.flush().then(
      () => 'acknowledged',
      (err: Error) => err.message,
    );
    await producer.close();
    expect(await outcome).toMatch(/unacknowledged/);
    expect(() => producer.send(toolStart('s-h', 2))).toThrow(/after close/);
  });
});

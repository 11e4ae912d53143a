import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapBusData } from './bus-event-mapping';
import { BusSeqAssigner } from './bus-seq';
import { busStreamUrlOf, displayUrlOf, readSseBatches } from './bus-stream-client';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const envelopes = fs.readFileSync(path.join(fixtures, 'bus-envelopes.jsonl'), 'utf8').trimEnd().split('\n');
// Multi-byte characters, so that a chunk boundary can fall inside one.
const withUnicode = envelopes[5]!.replace("I'll run the date tests first.", 'Zeitzone prüfen… 🕘 完了');

/** What axum 0.8 writes for the stream: events, lag, the keepalive event and the keep-alive comment. */
const streamText = [
  ':\n\n',
  ...envelopes.slice(0, 5).map((e) => `event:bus\ndata:${e}\n\n`),
  'event:keepalive\ndata:\n\n',
  `event:bus\ndata:${withUnicode}\n\n`,
  'event:lag\ndata:skipped 7\n\n',
  ...envelopes.slice(6).map((e) => `event:bus\ndata:${e}\n\n`),
  ':\n\n',
].join('');
const streamBytes = new TextEncoder().encode(streamText);

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

async function collect(body: ReadableStream<Uint8Array>, maxBuffer = 1 << 20) {
  const messages: { event?: string; data: string }[] = [];
  let comments = 0;
  for await (const batch of readSseBatches(body, maxBuffer)) {
    messages.push(...batch.messages.map((m) => ({ event: m.event, data: m.data })));
    comments += batch.comments;
  }
  return { messages, comments };
}

describe('readSseBatches', () => {
  it('reads the stream as axum frames it', async () => {
    const { messages, comments } = await collect(streamOf([streamBytes]));
    expect(comments).toBe(2);
    expect(messages.map((m) => m.event)).toEqual([...Array(5).fill('bus'), 'keepalive', 'bus', 'lag', ...Array(envelopes.length - 6).fill('bus')]);
    expect(messages[6]!.data).toBe(withUnicode);
    expect(messages[7]!.data).toBe('skipped 7');
  });

  it('reads the same messages however the bytes are cut into chunks (fuzz)', async () => {
    const whole = await collect(streamOf([streamBytes]));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: streamBytes.length }), { maxLength: 40 }), async (cuts) => {
        expect(await collect(streamOf(split(streamBytes, cuts)))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an event larger than the buffer limit instead of growing without end', async () => {
    const huge = new TextEncoder().encode(`event:bus\ndata:${'x'.repeat(5000)}`);
    await expect(collect(streamOf([huge]), 1000)).rejects.toThrow('an event on the bus stream is over 1000 characters');
  });

  it('never throws on arbitrary bytes within the limit, and every data line maps to an outcome (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), async (chunks) => {
        const { messages } = await collect(streamOf(chunks));
        const seqs = new BusSeqAssigner();
        for (const m of messages) expect(['event', 'skipped', 'rejected']).toContain(mapBusData(m.data, seqs).kind);
      }),
      { numRuns: 200 },
    );
  });
});

describe('mapBusData on arbitrary data (fuzz)', () => {
  it('never throws, whatever JSON or text arrives', () => {
    const seqs = new BusSeqAssigner();
    const envelopeLike = fc.record({
      id: fc.string(), topic: fc.oneof(fc.constant('task.t1'), fc.string()), sender_id: fc.string(), correlation_id: fc.option(fc.string()),
      timestamp: fc.oneof(fc.constant('2026-12-03T09:15:02.5Z'), fc.string()),
      message: fc.oneof(fc.record({ kind: fc.constant('task_update'), task_id: fc.string(), state: fc.string(), message: fc.option(fc.oneof(fc.json(), fc.string())) }), fc.jsonValue()),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), envelopeLike.map((e) => JSON.stringify(e))), (data) => {
        expect(['event', 'skipped', 'rejected']).toContain(mapBusData(data, seqs).kind);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('stream URLs', () => {
  it('adds the bus stream path to a bare address and keeps a full one', () => {
    expect(busStreamUrlOf('http://127.0.0.1:4096').toString()).toBe('http://127.0.0.1:4096/v1/bus/stream');
    expect(busStreamUrlOf('http://agent.local:4096/v1/bus/stream').toString()).toBe('http://agent.local:4096/v1/bus/stream');
  });

  it('shows a URL without credentials or query', () => {
    expect(displayUrlOf(new URL('http://u:p@127.0.0.1:4096/v1/bus/stream?token=secret'))).toBe('http://127.0.0.1:4096/v1/bus/stream');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { readJsonlFile } from '../ingest/files/jsonl-file-reader';
import { openProducer, startTestServer } from '../test-support/test-server';

// Property tests over the three ingest paths of a real server: generated mixes of
// valid events and nasty ones. Every bad item is refused with a reason at its
// line or index, every valid neighbour is accepted, and the server stays up.

type Flavour = 'valid' | 'unknown' | 'replacement' | 'truncated' | 'wrong-type' | 'missing' | 'huge-id' | 'deep';
interface Item {
  flavour: Flavour;
  /** The item's JSON text as bytes (not always valid UTF-8 or JSON), given its session and seq. */
  bytes: (sessionId: string, seq: number) => Buffer;
}

const isValid = (f: Flavour) => f === 'valid' || f === 'unknown' || f === 'replacement';
const envelope = (sessionId: string, seq: number) => ({ session_id: sessionId, seq, ts: 1_764_000_000_000 + seq });
const stored = ['token_usage', 'text_complete', 'tool_call_start', 'rlm_complete', 'error'] as const;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  fc.constantFrom(...stored).map((type): Item => ({ flavour: 'valid', bytes: (s, q) => json({ ...sampleEvents[type], ...envelope(s, q) }) })),
  fc.string({ maxLength: 20 }).map((junk): Item => ({ flavour: 'unknown', bytes: (s, q) => json({ ...envelope(s, q), type: 'future_event', junk }) })),
  // Bytes that are not UTF-8 inside a string: decoded as U+FFFD, and the event is fine.
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((raw): Item => ({
    flavour: 'replacement',
    bytes: (s, q) => {
      const [head, tail] = JSON.stringify({ ...sampleEvents.text_complete, ...envelope(s, q), text: '@@' }).split('@@');
      return Buffer.concat([Buffer.from(head!), Buffer.from(raw.map((b) => b | 0x80)), Buffer.from(tail!)]);
    },
  })),
  fc.nat().map((cut): Item => ({
    flavour: 'truncated',
    bytes: (s, q) => {
      const full = json({ ...sampleEvents.token_usage, ...envelope(s, q) });
      return full.subarray(0, 1 + (cut % (full.length - 1)));
    },
  })),
  fc
    .tuple(fc.constantFrom('seq', 'prompt_tokens', 'session_id', 'ts', 'model'), fc.constantFrom<unknown>('many', -1, 1.5, null, true, [], {}))
    .filter(([field, value]) => !(field === 'ts' && typeof value === 'number' && Number.isInteger(value) && value >= 0))
    // A string is the right type for these two ("many" is a fine session id).
    .filter(([field, value]) => !((field === 'model' || field === 'session_id') && typeof value === 'string'))
    .map(([field, value]): Item => ({ flavour: 'wrong-type', bytes: (s, q) => json({ ...sampleEvents.token_usage, ...envelope(s, q), [field]: value }) })),
  fc.constantFrom('session_id', 'seq', 'ts', 'type', 'prompt_tokens').map((field): Item => ({
    flavour: 'missing',
    bytes: (s, q) => {
      const event: Record<string, unknown> = { ...sampleEvents.token_usage, ...envelope(s, q) };
      delete event[field];
      return json(event);
    },
  })),
  fc.integer({ min: 129, max: 20_000 }).map((n): Item => ({ flavour: 'huge-id', bytes: (_s, q) => json({ ...sampleEvents.done, ...envelope('i'.repeat(n), q) }) })),
  // Written as text: building the value and serialising it would overflow the test's own stack.
  // From just over the maxEventDepth default (128, the metadata object adding one level) to far past any stack.
  fc.oneof(fc.integer({ min: 128, max: 6_000 }), fc.integer({ min: 60_000, max: 120_000 })).map((depth): Item => ({
    flavour: 'deep',
    bytes: (s, q) => {
      const head = JSON.stringify({ ...sampleEvents.tool_call_metadata, ...envelope(s, q), metadata: '@@' }).split('"@@"');
      return Buffer.from(`${head[0]}${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}${head[1]}`);
    },
  })),
);

const itemsArb = fc.array(itemArb, { minLength: 1, maxLength: 25 });

let server: Awaited<ReturnType<typeof startTestServer>>;
let runs = 0;
const sessionNow = () => `fuzz-${++runs}-${Math.random().toString(36).slice(2, 8)}`;
const rssAtStart = process.memoryUsage().rss;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.server.close();
});

const positions = (items: Item[], keep: (f: Flavour) => boolean) => items.flatMap((item, i) => (keep(item.flavour) ? [i] : []));

describe('ingest fuzz', () => {
  it('NDJSON bodies: each bad line refused with its line number and a reason, every valid line accepted', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, async (items) => {
        const s = sessionNow();
        const body = Buffer.concat(items.flatMap((item, i) => [item.bytes(s, i + 1), Buffer.from('\n')]));
        const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
        const reply = (await res.json()) as { accepted: number; duplicates: number; rejected: { line: number; error: string }[] };
        expect(reply.rejected.map((r) => r.line)).toEqual(positions(items, (f) => !isValid(f)).map((i) => i + 1));
        expect(reply.accepted).toBe(positions(items, isValid).length);
        expect(reply.duplicates).toBe(0);
        reply.rejected.forEach((r) => {
          const flavour = items[r.line - 1]!.flavour;
          if (flavour === 'wrong-type' || flavour === 'missing' || flavour === 'huge-id') expect(r.error).toMatch(/field `\w+`/);
          if (flavour === 'truncated') expect(r.error).toMatch(/^malformed JSON/);
          if (flavour === 'deep') expect(r.error).toContain('maxEventDepth limit of 128 (TETHER_MAX_EVENT_DEPTH)');
        });
      }),
      { numRuns: 30 },
    );
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  }, 60_000);

  it('WebSocket frames: bad elements refused by index, valid neighbours acknowledged; an unreadable frame refused whole, the socket still usable', async () => {
    const producer = await openProducer(server.wsUrl);
    try {
      await fc.assert(
        fc.asyncProperty(itemsArb, fc.boolean(), async (generated, garbageFirst) => {
          // Elements of one JSON array: a truncated or non-UTF-8 one would make the whole frame unreadable, tried separately.
          const items = generated.filter((item) => item.flavour !== 'truncated' && item.flavour !== 'replacement');
          if (garbageFirst) expect(await producer.send('[{"session_id":')).toMatchObject({ kind: 'error', retryable: false });
          const s = sessionNow();
          const frame = `[${items.map((item, i) => item.bytes(s, i + 1).toString()).join(',')}]`;
          const reply = (await producer.send(frame)) as { kind: string; rejected: { index: number; error: string }[]; acks: Record<string, number> };
          expect(reply.kind).toBe('ack');
          expect(reply.rejected.map((r) => r.index)).toEqual(positions(items, (f) => !isValid(f)));
          const valid = positions(items, isValid);
          if (valid.length > 0) expect(reply.acks[s]).toBe(valid.at(-1)! + 1);
        }),
        { numRuns: 30 },
      );
    } finally {
      producer.socket.close();
    }
  }, 60_000);

  it('JSONL files: the same lines refused, with their numbers, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, async (items) => {
        const s = sessionNow();
        const file = path.join(server.dir, `${s}.jsonl`);
        fs.writeFileSync(file, Buffer.concat(items.flatMap((item, i) => [item.bytes(s, i + 1), Buffer.from('\n')])));
        const refused: number[] = [];
        const accepted: number[] = [];
        for await (const chunk of readJsonlFile(file, { chunkBytes: 4096 })) {
          for (const line of chunk.lines) (line.kind === 'rejected' ? refused : accepted).push(line.lineNumber);
        }
        fs.rmSync(file);
        expect(refused).toEqual(positions(items, (f) => !isValid(f)).map((i) => i + 1));
        expect(accepted).toEqual(positions(items, isValid).map((i) => i + 1));
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('memory stays bounded after the runs (this process holds the server)', () => {
    const grownMb = (process.memoryUsage().rss - rssAtStart) / 2 ** 20;
    expect(grownMb).toBeLessThan(512);
  });
});

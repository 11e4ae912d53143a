import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { readJsonlFile } from '../ingest/files/jsonl-file-reader';
import { followJsonlDirectory } from '../ingest/files/jsonl-follower';
import { defaultOffloadBytes } from '../ingest/frame-validator';
import { defaultMaxEventDepth } from '../ingest/event-depth-setting';
import { openProducer, postNdjson, testServers, waitFor } from '../test-support/test-server';

// Issue 13, item 1: an event nested ~12,000 deep was acknowledged by the
// validation worker (bigger stack) and then broke every listing and replay that
// passed it. One limit now holds on every path, before anything is stored, and
// the refusal names it.

const servers = testServers(afterEach);
let sessions = 0;
const sessionNow = (label: string) => `depth-${label}-${++sessions}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A tool_call_metadata event nesting objects `depth` deep in all (the event
 * itself is depth 1), written as text: building the value would overflow the
 * test's own stack at the depths that matter.
 */
function eventNested(sessionId: string, seq: number, depth: number): string {
  const [head, tail] = JSON.stringify({ ...sampleEvents.tool_call_metadata, session_id: sessionId, seq, metadata: '@@' }).split('"@@"');
  const inner = depth - 1;
  return `${head}${'{"a":'.repeat(inner)}1${'}'.repeat(inner)}${tail}`;
}

const limitMessage = (limit: number) => `the maxEventDepth limit of ${limit} (TETHER_MAX_EVENT_DEPTH)`;

async function storedEventsOf(url: string, sessionId: string): Promise<{ status: number; count: number }> {
  const res = await fetch(`${url}/api/v1/sessions/${sessionId}/events`);
  const body = (await res.json()) as { events?: unknown[] };
  return { status: res.status, count: body.events?.length ?? 0 };
}

describe('one nesting limit on every ingest path', () => {
  it('WebSocket: a 12,000-deep event is refused on the validation worker and in place; its neighbours are stored and readable', async () => {
    const { url, wsUrl } = await servers.start();
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    const s = sessionNow('ws');
    const deep = eventNested(s, 2, 12_000);
    // Big enough to go to the worker (the path that used to acknowledge it).
    expect(deep.length).toBeGreaterThan(defaultOffloadBytes);
    const bulk = await producer.send(`[${JSON.stringify({ ...sampleEvents.done, session_id: s, seq: 1 })},${deep}]`);
    expect(bulk).toMatchObject({ kind: 'ack', acks: { [s]: 1 }, rejected: [{ index: 1, error: expect.stringContaining(limitMessage(defaultMaxEventDepth)) }] });
    // Small enough to be validated in place.
    const small = eventNested(s, 3, 2_000);
    expect(small.length).toBeLessThan(defaultOffloadBytes);
    const inPlace = await producer.send(`[${small}]`);
    expect(inPlace).toMatchObject({ kind: 'ack', rejected: [{ index: 0, error: expect.stringContaining(limitMessage(defaultMaxEventDepth)) }] });
    // At the limit: accepted, and every reader still works.
    const atLimit = await producer.send(`[${eventNested(s, 4, defaultMaxEventDepth)}]`);
    expect(atLimit).toMatchObject({ kind: 'ack', acks: { [s]: 4 }, rejected: [] });
    expect(await storedEventsOf(url, s)).toEqual({ status: 200, count: 2 });
  });

  it('NDJSON: the deep line is refused by number with the limit named, the others stored', async () => {
    const { url } = await servers.start();
    const s = sessionNow('ndjson');
    const body = [eventNested(s, 1, defaultMaxEventDepth), eventNested(s, 2, defaultMaxEventDepth + 1), eventNested(s, 3, 5_000)].join('\n');
    const reply = await postNdjson(url, body);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ accepted: 1 });
    expect(reply.body.rejected).toEqual([
      { line: 2, error: expect.stringContaining(limitMessage(defaultMaxEventDepth)) },
      { line: 3, error: expect.stringContaining(limitMessage(defaultMaxEventDepth)) },
    ]);
    expect(await storedEventsOf(url, s)).toEqual({ status: 200, count: 1 });
  });

  it('JSONL files and the directory follower refuse the same lines', async () => {
    const { server, dir } = await servers.start();
    const s = sessionNow('files');
    const watchDir = path.join(dir, 'watch');
    fs.mkdirSync(watchDir);
    const file = path.join(watchDir, 'deep.jsonl');
    fs.writeFileSync(file, `${[eventNested(s, 1, 20), eventNested(s, 2, 12_000), eventNested(s, 3, defaultMaxEventDepth + 1)].join('\n')}\n`);

    const refused: { lineNumber: number; reason: string }[] = [];
    for await (const chunk of readJsonlFile(file)) {
      for (const line of chunk.lines) if (line.kind === 'rejected') refused.push({ lineNumber: line.lineNumber, reason: line.reason });
    }
    expect(refused.map((r) => r.lineNumber)).toEqual([2, 3]);
    for (const r of refused) expect(r.reason).toContain(limitMessage(defaultMaxEventDepth));

    const follower = followJsonlDirectory({
      dir: watchDir,
      submit: (items) => server.pipeline.submit(items),
      countRejected: (n) => server.pipeline.countRejected(n),
      log: pino({ level: 'silent' }),
      pollMs: 50,
    });
    servers.defer(() => follower.stop());
    await waitFor(() => follower.stats().accepted === 1 && follower.stats().rejected === 2, 'the follower to read the file');
    expect(await storedEventsOf(server.url, s)).toEqual({ status: 200, count: 1 });
  });

  it('is configurable, and the validation worker keeps the configured limit too', async () => {
    const { url, wsUrl } = await servers.start({ config: { maxEventDepth: 16 } });
    const producer = await openProducer(wsUrl);
    servers.defer(() => producer.socket.close());
    const s = sessionNow('configured');
    // Padding sends the frame to the worker.
    const pad = { ...sampleEvents.text_complete, session_id: s, seq: 1, text: 'x'.repeat(defaultOffloadBytes) };
    const reply = await producer.send(`[${JSON.stringify(pad)},${eventNested(s, 2, 16)},${eventNested(s, 3, 17)}]`);
    expect(reply).toMatchObject({ kind: 'ack', acks: { [s]: 2 }, rejected: [{ index: 2, error: expect.stringContaining(limitMessage(16)) }] });
    const ndjson = await postNdjson(url, eventNested(s, 4, 17));
    expect(ndjson.body.rejected).toEqual([{ line: 1, error: expect.stringContaining(limitMessage(16)) }]);
  });

  it('refuses a limit outside 8..1000 at start-up, naming the setting', async () => {
    await expect(servers.start({ config: { maxEventDepth: 5000 } })).rejects.toThrow(/--max-event-depth|TETHER_MAX_EVENT_DEPTH/);
  });
});

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '#protocol/event-schemas';
import { startFakeIngestServer, type FakeIngestServer } from '../test-support/fake-ingest-server';
import { startDemo, type DemoHandle } from './demo-runner';

const log = pino({ level: 'silent' });
const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let server: FakeIngestServer | undefined;
let demo: DemoHandle | undefined;
afterEach(async () => {
  await demo?.stop();
  await server?.close();
  demo = server = undefined;
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function bySession(events: readonly SessionEvent[]): Map<string, SessionEvent[]> {
  const sessions = new Map<string, SessionEvent[]>();
  for (const e of events) sessions.set(e.session_id, [...(sessions.get(e.session_id) ?? []), e]);
  return sessions;
}

const isEnding = (e: SessionEvent) => e.type === 'done' || e.type === 'error';

describe('startDemo', () => {
  it('keeps sessions running over the ingest socket, replacing those that end, with valid envelopes', async () => {
    server = await startFakeIngestServer();
    const fake = server;
    demo = startDemo({ url: fake.url, log, sessions: { min: 2, max: 3 }, speed: 100, seed: 99, history: 0 });
    const live = () => bySession(fake.received);
    await until(() => [...live().values()].filter((events) => events.some(isEnding)).length >= 3, 15_000);
    await demo.stop();
    const settled = fake.received.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.received.length).toBe(settled);

    // Every frame element passed the server's parse; nothing was refused.
    expect(fake.frames.flat().length).toBe(fake.received.length);
    const sessions = live();
    expect(sessions.size).toBeGreaterThanOrEqual(4);
    for (const [sessionId, events] of sessions) {
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(events[0]!.type).toBe('session_sync');
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      for (const e of events) expect(e.ts).toMatch(RFC3339_MS);
      // Finished on its own, or interrupted by stop(): either way it ends exactly once.
      expect(events.filter(isEnding)).toHaveLength(1);
      expect(isEnding(events.at(-1)!)).toBe(true);
    }
    expect(demo.stats().producer).toMatchObject({ rejected: 0, unacked: 0 });
  });

  it('backfills finished sessions into the recent past', async () => {
    server = await startFakeIngestServer();
    const fake = server;
    const startedAt = Date.now();
    demo = startDemo({ url: fake.url, log, sessions: 1, speed: 1, seed: 3, history: 3 });
    await until(() => bySession(fake.received.filter((e) => Date.parse(String(e.ts)) < startedAt)).size === 3 && demo!.stats().producer.unacked === 0, 10_000);
    const past = bySession(fake.received.filter((e) => Date.parse(String(e.ts)) < startedAt));
    for (const events of past.values()) {
      expect(events[0]!.type).toBe('session_sync');
      expect(isEnding(events.at(-1)!)).toBe(true);
      expect(events.some((e) => e.type === 'token_usage')).toBe(true);
      expect(events.some((e) => e.type === 'text_chunk')).toBe(false);
    }
  });

  it('refuses invalid options with a clear message', () => {
    expect(() => startDemo({ url: 'http://nope', log })).toThrow(/ws:\/\//);
    expect(() => startDemo({ url: 'ws://127.0.0.1:1/api/v1/ingest', log, sessions: { min: 5, max: 3 } })).toThrow(/min/);
  });
});

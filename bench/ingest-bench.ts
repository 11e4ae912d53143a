import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { EventOf } from '../src/protocol/event-schemas';
import { tokenSources } from '../src/protocol/token-source';
import { toIngestItem } from '../server/ingest/ingest-item';
import { measureRawInsertCeiling } from '../server/test-support/raw-ceiling';
import { startServerProcess } from '../server/test-support/server-process';

const SESSIONS = 20;
const FRAME_EVENTS = 500;
const CONNECTIONS = 4;
const IN_FLIGHT_PER_CONNECTION = 4;

/** Durable token_usage events: the heaviest rows (event, typed row, rollup, summary). */
export function makeDurableEvents(count: number, runTag: string): EventOf<'token_usage'>[] {
  const t0 = Date.UTC(2026, 10, 24, 12);
  return Array.from({ length: count }, (_, i) => ({
    session_id: `bench-${runTag}-${i % SESSIONS}`,
    seq: Math.floor(i / SESSIONS) + 1,
    ts: t0 + i * 10,
    type: 'token_usage' as const,
    source: tokenSources[i % 4]!,
    model: ['anthropic/claude-sonnet-4-5', 'openai/gpt-5', 'anthropic/claude-haiku-4-5'][i % 3]!,
    prompt_tokens: 1000 + (i % 500),
    completion_tokens: 200 + (i % 100),
    cache_read_tokens: 400,
    cache_write_tokens: 50,
    duration_ms: 800,
  }));
}

/** The events as producer frames of FRAME_EVENTS each, serialised before the clock starts. */
export function toFrames(events: readonly object[]): string[] {
  const frames: string[] = [];
  for (let i = 0; i < events.length; i += FRAME_EVENTS) frames.push(JSON.stringify(events.slice(i, i + FRAME_EVENTS)));
  return frames;
}

/** Sends pre-serialised frames over several producer sockets, pipelined; resolves with the milliseconds until all are acknowledged. */
export async function sendAll(wsUrl: string, frames: string[]): Promise<number> {
  const sockets = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`${wsUrl}/api/v1/ingest`);
      s.once('open', () => resolve(s));
      s.once('error', reject);
    })),
  );
  const started = performance.now();
  let next = 0;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          const pump = () => {
            while (inFlight < IN_FLIGHT_PER_CONNECTION && next < frames.length) {
              socket.send(frames[next++]!);
              inFlight++;
            }
            if (inFlight === 0) resolve();
          };
          socket.on('message', (data) => {
            const reply = JSON.parse(data.toString()) as { kind: string; error?: string };
            if (reply.kind !== 'ack') reject(new Error(`ingest refused: ${reply.error}`));
            inFlight--;
            pump();
          });
          pump();
        }),
    ),
  );
  const elapsed = performance.now() - started;
  for (const s of sockets) s.close();
  return elapsed;
}

export async function benchIngest(events: number): Promise<{ ingestEventsPerS: number; ceilingEventsPerS: number }> {
  // BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of the server process.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const server = await startServerProcess({ nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  try {
    const batch = makeDurableEvents(events, Math.random().toString(36).slice(2, 8));
    const elapsedMs = await sendAll(server.wsUrl, toFrames(batch));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-ceiling-'));
    const ceiling = measureRawInsertCeiling(path.join(dir, 'raw.db'), batch.map((e) => toIngestItem(e, true)), 1000);
    fs.rmSync(dir, { recursive: true, force: true });
    return { ingestEventsPerS: events / (elapsedMs / 1000), ceilingEventsPerS: ceiling };
  } finally {
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

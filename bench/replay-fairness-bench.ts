import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { makeDurableEvents, sendAll, toFrames } from './ingest-bench';
import { percentile } from './stats';

const HEALTH_EVERY_MS = 20;
const IDLE_REFERENCE_MS = 3000;

/**
 * Asks /api/v1/health every 20 ms from its own thread, so the twenty sockets this
 * process is reading do not delay the clock that times the server.
 */
const healthProber = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
let failures = 0;
const latencies = [];
parentPort.on('message', () => (running = false));
(async () => {
  while (running) {
    const started = performance.now();
    const res = await fetch(workerData.url + '/api/v1/health');
    await res.arrayBuffer();
    // A refusal (408 when the server was stuck past its header timeout) is timed too, and counted.
    if (res.status !== 200) failures++;
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage({ latencies, failures });
})();
`;

/** Health round trips (ms) for as long as `during` runs. */
interface HealthProbe {
  latencies: number[];
  /** Answers other than 200. */
  failures: number;
}

async function probeHealthDuring(url: string, during: () => Promise<unknown>): Promise<HealthProbe> {
  const worker = new Worker(healthProber, { eval: true, workerData: { url, everyMs: HEALTH_EVERY_MS } });
  const latencies = new Promise<HealthProbe>((resolve, reject) => {
    worker.once('message', (m: HealthProbe) => resolve(m));
    worker.once('error', reject);
  });
  try {
    await during();
  } finally {
    worker.postMessage('stop');
  }
  const result = await latencies;
  await worker.terminate();
  return result;
}

export interface ReplayFairnessRun {
  /** The reference, same server and machine load: /api/v1/health p99 with nothing replaying. */
  idleHealthP99Ms: number;
  /** /api/v1/health round trips while the replays ran. */
  healthP50Ms: number;
  healthP99Ms: number;
  healthMaxMs: number;
  healthSamples: number;
  healthFailures: number;
  /** From the replays' start until the last browser was caught up. */
  replayAllMs: number;
  /** Stored events each browser received (every one of them must get all). */
  eventsPerClient: number;
}

/** A server process on `dir` holding `events` stored events, seeded over the ingest socket. */
export async function seedReplayStore(events: number): Promise<{ dir: string }> {
  const server = await startServerProcess();
  try {
    await sendAll(server.wsUrl, toFrames(makeDurableEvents(events, Math.random().toString(36).slice(2, 8))));
  } finally {
    await server.stop();
  }
  return { dir: server.dir };
}

/** One browser replaying from cursor 0; resolves with how many stored events it got once caught up. */
function replayFromZero(server: ServerProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.wsUrl}/api/v1/live?cursor=0`);
    let cursors = 0;
    socket.on('message', (data: Buffer) => {
      // Counted in the bytes, without decoding or parsing: this process shares the
      // machine with the server it measures and must take as little as it can.
      const kind = data.subarray(0, 24).toString();
      if (kind.startsWith('{"kind":"events"')) cursors += countOccurrences(data, cursorKey);
      else if (kind.startsWith('{"kind":"caught_up"')) {
        socket.close();
        resolve(cursors);
      } else if (kind.startsWith('{"kind":"error"')) reject(new Error(`replay refused: ${data.toString()}`));
    });
    socket.once('error', reject);
    socket.once('close', (code) => code !== 1000 && code !== 1005 && reject(new Error(`replay socket closed with ${code}`)));
  });
}

const cursorKey = Buffer.from('{"cursor":');

function countOccurrences(data: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = data.indexOf(needle); i !== -1; i = data.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * `clients` browsers replay a seeded store from cursor 0 at once while another
 * client asks `/api/v1/health` every 20 ms: how long the server keeps everyone
 * else waiting while it replays (issue 13, item 8).
 */
export async function benchReplayFairness(dir: string, clients: number): Promise<ReplayFairnessRun> {
  const server = await startServerProcess({ dir });
  try {
    const idle = await probeHealthDuring(server.url, () => new Promise((r) => setTimeout(r, IDLE_REFERENCE_MS)));
    let received: number[] = [];
    const started = performance.now();
    const { latencies, failures } = await probeHealthDuring(server.url, async () => {
      received = await Promise.all(Array.from({ length: clients }, () => replayFromZero(server)));
    });
    const replayAllMs = performance.now() - started;
    if (new Set(received).size !== 1) throw new Error(`browsers got different event counts: ${received.join(', ')}`);
    return {
      idleHealthP99Ms: percentile(idle.latencies, 99),
      healthFailures: failures,
      healthP50Ms: percentile(latencies, 50),
      healthP99Ms: percentile(latencies, 99),
      healthMaxMs: Math.max(...latencies),
      healthSamples: latencies.length,
      replayAllMs,
      eventsPerClient: received[0]!,
    };
  } finally {
    await server.stop();
  }
}

export function removeReplayStore(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

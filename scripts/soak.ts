// `npm run soak`: the crash test's logic run for longer (SOAK_MINUTES, default 5).
// Rounds of: producers streaming durable, history and ephemeral events into a real
// server process that is SIGKILLed and restarted mid-stream, with slow (never
// reading) and fast live clients attached; then a fuzz round of bad input against
// a fresh start. The database is audited after every round. Exit status 1 on any
// lost, duplicated or reordered event, or a server that did not survive the fuzz.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { runCrashTrial } from '../server/test-support/crash-trial';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';

const minutes = Number(process.env.SOAK_MINUTES ?? 5);
if (!(minutes > 0)) throw new Error(`SOAK_MINUTES must be a positive number, got ${process.env.SOAK_MINUTES}`);
const deadline = Date.now() + minutes * 60_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-soak-'));
const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../server/ingest/fuzz-corpus');

const totals = { rounds: 0, kills: 0, sentStored: 0, sentEphemeral: 0, acked: 0, stored: 0, resent: 0, lost: 0, undelivered: 0, duplicates: 0, outOfOrder: 0 };
const live = { fastEvents: 0, slowResyncs: 0, slowLagged: 0 };
const fuzz = { inputs: 0, refused: 0, serverDown: 0 };
let peakRssMb = 0;
const problems: string[] = [];

/** Samples the server's resident memory from /proc while it runs. */
function sampleRss(server: ServerProcess): void {
  const timer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakRssMb = Math.max(peakRssMb, kb / 1024);
    } catch {
      clearInterval(timer);
    }
  }, 250);
  server.child.once('exit', () => clearInterval(timer));
}

/** Two browsers that never read and three that keep up, on every server the round starts. */
function attachLiveClients(server: ServerProcess): void {
  for (let i = 0; i < 5; i++) {
    const slow = i < 2;
    const socket = new WebSocket(`${server.wsUrl}/api/v1/live`);
    socket.on('error', () => undefined);
    if (slow) socket.once('open', () => (socket as unknown as { _socket: { pause(): void } })._socket.pause());
    socket.on('message', (data) => {
      const text = data.toString();
      if (slow && text.startsWith('{"kind":"resync"')) live.slowResyncs++;
      else if (slow && text.startsWith('{"kind":"lagged"')) live.slowLagged++;
      else if (!slow && text.startsWith('{"kind":"events"')) live.fastEvents += (text.match(/"cursor":/g) ?? []).length;
    });
    // Slow ones read again after a while, so that the resync shows.
    if (slow) setTimeout(() => (socket as unknown as { _socket?: { resume(): void } })._socket?.resume(), 3000).unref();
  }
}

/** The corpus, then random bytes and random frames: every input refused or accepted, never the server down. */
async function fuzzRound(port: number): Promise<void> {
  const server = await startServerProcess({ dir, port });
  sampleRss(server);
  try {
    const bodies = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.ndjson')).map((f) => fs.readFileSync(path.join(corpusDir, f)));
    for (let i = 0; i < 20; i++) bodies.push(Buffer.concat(Array.from({ length: 50 }, () => Buffer.concat([randomBytes(1 + (i % 7) * 40), Buffer.from('\n')]))));
    for (const body of bodies) {
      const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      const reply = (await res.json()) as { rejected?: unknown[] };
      fuzz.inputs += body.toString('latin1').split('\n').filter((l) => l.trim() !== '').length;
      fuzz.refused += reply.rejected?.length ?? 0;
    }
    const socket = new WebSocket(`${server.wsUrl}/api/v1/ingest`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const replies = new Promise<void>((resolve) => {
      let n = 0;
      socket.on('message', () => ++n === 200 && resolve());
    });
    for (let i = 0; i < 200; i++) socket.send(i % 2 ? randomBytes(64).toString('base64') : `[${'{"a":'.repeat(i * 50)}1${'}'.repeat(i * 50)}]`);
    fuzz.inputs += 200;
    await replies;
    socket.close();
    const health = await fetch(`${server.url}/api/v1/health`);
    if (health.status !== 200) throw new Error(`health answered ${health.status}`);
  } catch (err) {
    fuzz.serverDown++;
    problems.push(`fuzz round: ${(err as Error).message}`);
  } finally {
    await server.stop();
  }
}

let port = 0;
const started = Date.now();
process.stderr.write(`soak: ${minutes} min, database in ${dir}\n`);
while (Date.now() < deadline) {
  const report = await runCrashTrial({
    dir,
    port,
    producers: 4,
    sessionsPerProducer: 5,
    kills: 2,
    killWindowMs: [500, 4000],
    tailMs: 1500,
    eventsPerTick: 40,
    onServer: (server) => {
      sampleRss(server);
      attachLiveClients(server);
    },
  });
  port = report.port;
  totals.rounds++;
  for (const key of ['kills', 'sentStored', 'sentEphemeral', 'acked', 'stored', 'resent', 'lost', 'undelivered', 'duplicates', 'outOfOrder'] as const) totals[key] += report[key];
  problems.push(...report.examples);
  process.stderr.write(`  round ${totals.rounds}: ${report.sentStored} stored events sent, ${report.acked} acked, ${report.stored} in the store, lost ${report.lost}, duplicates ${report.duplicates}, ${report.kills} kills, ${(report.durationMs / 1000).toFixed(0)} s\n`);
  if (Date.now() < deadline) await fuzzRound(port);
}

const summary = {
  minutes: +((Date.now() - started) / 60_000).toFixed(1),
  rounds: totals.rounds,
  kills_survived: totals.kills,
  events_sent: totals.sentStored + totals.sentEphemeral,
  stored_events_sent: totals.sentStored,
  ephemeral_events_sent: totals.sentEphemeral,
  acked: totals.acked,
  stored: totals.stored,
  resent_after_crashes: totals.resent,
  lost: totals.lost,
  undelivered: totals.undelivered,
  duplicates: totals.duplicates,
  out_of_order: totals.outOfOrder,
  live_fast_events_received: live.fastEvents,
  live_slow_resyncs: live.slowResyncs,
  live_slow_lagged_notices: live.slowLagged,
  fuzz_inputs: fuzz.inputs,
  fuzz_refused_lines: fuzz.refused,
  fuzz_rounds_server_down: fuzz.serverDown,
  peak_server_rss_mb: Math.round(peakRssMb),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
const failed = totals.lost + totals.undelivered + totals.duplicates + totals.outOfOrder + fuzz.serverDown > 0;
if (failed) process.stderr.write(`soak FAILED:\n  ${problems.slice(0, 20).join('\n  ')}\n`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

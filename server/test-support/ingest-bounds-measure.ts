// Measures what one producer can make the server hold (issue 13, item 5), against
// the real CLI in its own process on loopback, bounded in time:
//
//   npx tsx server/reliability/ingest-bounds-measure.ts [unread-acks|trickle|half-bodies|all]
//
// Prints the server's resident memory (VmRSS) before and at its highest, and how
// long a trickled request stays open. Not a test: the figures go in README's
// Reliability section; the tests in ingest-connection-bounds.test.ts pin the behaviour.
import fs from 'node:fs';
import net from 'node:net';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from './server-process';

const MIB = 1024 * 1024;

function rssMib(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Samples the server's RSS every 250 ms while `work` runs; returns the highest. */
async function peakRssDuring(server: ServerProcess, work: () => Promise<void>): Promise<number> {
  let peak = rssMib(server.child.pid!);
  const timer = setInterval(() => (peak = Math.max(peak, rssMib(server.child.pid!))), 250);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssMib(server.child.pid!));
}

/** Two producers that send frames of refusable elements (each reply ~50x its frame) and never read a reply. */
async function unreadAcks(server: ServerProcess, seconds: number): Promise<string> {
  const frame = `[${Array.from({ length: 2000 }, () => '0').join(',')}]`;
  const sockets = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${server.wsUrl}/api/v1/ingest`);
          socket.once('open', () => {
            // Reads nothing from now on: the server's replies pile up on its side.
            socket.pause();
            resolve(socket);
          });
          socket.once('error', reject);
        }),
    ),
  );
  let sent = 0;
  const closed = new Set<WebSocket>();
  for (const socket of sockets) socket.once('close', () => closed.add(socket));
  const deadline = Date.now() + seconds * 1000;
  const before = rssMib(server.child.pid!);
  const peak = await peakRssDuring(server, async () => {
    while (Date.now() < deadline) {
      for (const socket of sockets) {
        // Our own buffer is ours to bound: past 8 MiB the server has stopped reading us.
        if (socket.readyState === socket.OPEN && socket.bufferedAmount < 8 * MIB) {
          socket.send(frame);
          sent++;
        }
      }
      await sleep(1);
    }
  });
  for (const socket of sockets) socket.terminate();
  return `unread acks: ${sent} frames sent in ${seconds} s by 2 producers that read nothing; server RSS ${before.toFixed(0)} MiB -> peak ${peak.toFixed(0)} MiB`;
}

/** A POST whose body arrives one byte a second: how long the server keeps it open (up to `seconds`). */
async function trickle(server: ServerProcess, seconds: number): Promise<string> {
  const socket = net.connect(server.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const started = Date.now();
  let closedAfterMs: number | null = null;
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  socket.on('close', () => (closedAfterMs = Date.now() - started));
  socket.on('error', () => {});
  socket.write(`POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n`);
  while (closedAfterMs === null && Date.now() - started < seconds * 1000) {
    socket.write('{');
    await sleep(1000);
  }
  socket.destroy();
  const status = /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 'no answer';
  return closedAfterMs === null
    ? `trickled body: still open after ${seconds} s`
    : `trickled body: cut off after ${(closedAfterMs / 1000).toFixed(1)} s (answer: ${status})`;
}

function drainedOrClosed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/** Ten POSTs announcing `bodyMib` MiB each, sending half, then holding. */
async function halfBodies(server: ServerProcess, bodyMib: number, holdSeconds: number): Promise<string> {
  const before = rssMib(server.child.pid!);
  const sockets: net.Socket[] = [];
  const answers: string[] = [];
  const chunk = Buffer.alloc(MIB, 'a');
  const peak = await peakRssDuring(server, async () => {
    for (let i = 0; i < 10; i++) {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      let answer = '';
      socket.on('data', (d) => {
        if (answer === '') answers.push(/^HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1] ?? '?');
        answer += d.toString();
      });
      await new Promise((r) => socket.once('connect', r));
      socket.write(`POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${bodyMib * MIB}\r\n\r\n`);
      for (let m = 0; m < bodyMib / 2 && !socket.destroyed; m++) {
        // Refused early (413, 503), the server closes the socket: no drain then.
        if (!socket.write(chunk)) await drainedOrClosed(socket);
      }
      sockets.push(socket);
    }
    await sleep(holdSeconds * 1000);
  });
  for (const socket of sockets) socket.destroy();
  const refused = `; answered before the hold ended: ${answers.length > 0 ? answers.join(', ') : 'none'}`;
  return `10 half-sent ${bodyMib} MiB bodies held ${holdSeconds} s: server RSS ${before.toFixed(0)} MiB -> peak ${peak.toFixed(0)} MiB${refused}`;
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  const seconds = Number(process.env.MEASURE_SECONDS ?? 20);
  const server = await startServerProcess();
  try {
    await sleep(1000);
    if (which === 'unread-acks' || which === 'all') console.log(await unreadAcks(server, seconds));
    if (which === 'trickle' || which === 'all') console.log(await trickle(server, Number(process.env.TRICKLE_SECONDS ?? 75)));
    if (which === 'half-bodies' || which === 'all') {
      console.log(await halfBodies(server, 60, 10));
      console.log(await halfBodies(server, 16, 10));
    }
  } finally {
    await server.stop();
  }
}

await main();

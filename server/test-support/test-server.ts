import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { startServer, type TetherServer } from '../app';
import { resolveConfig, type ServerConfig } from '../config';
import type { BackpressureLimits } from '../live/live-client';
import type { OtlpMapper } from '../otlp/otlp-records';
import type { LiveServerMessage } from '#protocol/live-messages';

/** A real server on a free loopback port with a database in a fresh temporary directory. */
export async function startTestServer(
  opts: {
    dir?: string;
    liveLimits?: Partial<BackpressureLimits>;
    port?: number;
    config?: Partial<Record<keyof ServerConfig, unknown>>;
    /** For tests of the OTLP transport alone; otherwise the real mapping. */
    otlpMapper?: OtlpMapper;
  } = {},
) {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tether-test-'));
  const config = resolveConfig(
    { port: opts.port ?? 0, host: '127.0.0.1', db: path.join(dir, 'test.db'), demo: false, staticDir: path.join(dir, 'no-spa'), ...opts.config },
    {},
  );
  const server: TetherServer = await startServer(config, pino({ level: 'silent' }), opts.liveLimits, opts.otlpMapper);
  return { server, dir, url: server.url, wsUrl: server.url.replace(/^http/, 'ws') };
}

/**
 * Waits until `check` returns a truthy value (vitest's `vi.waitFor`, polling
 * every 10 ms), failing with `what` when the deadline passes.
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  try {
    return await vi.waitFor(
      async () => {
        const value = await check();
        if (!value) throw new Error(`not yet: ${what}`);
        return value as NonNullable<T>;
      },
      { timeout: timeoutMs, interval: 10 },
    );
  } catch (err) {
    throw new Error(`timed out waiting for ${what}`, { cause: err });
  }
}

/** A browser-like live client that records every message. */
export async function openLiveClient(wsUrl: string, query = '') {
  const socket = new WebSocket(`${wsUrl}/api/v1/live${query}`);
  const messages: LiveServerMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as LiveServerMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const storedCursors = () =>
    messages.flatMap((m) => (m.kind === 'events' ? m.events.filter((e) => e.cursor !== null).map((e) => e.cursor!) : []));
  return { socket, messages, storedCursors };
}

/** A producer socket that sends frames and resolves each with the server's reply. */
export async function openProducer(wsUrl: string) {
  const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
  const waiting: ((reply: unknown) => void)[] = [];
  socket.on('message', (data) => waiting.shift()?.(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    send(frame: unknown): Promise<Record<string, unknown>> {
      return new Promise((resolve) => {
        waiting.push(resolve as (reply: unknown) => void);
        socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      });
    },
  };
}

export async function postNdjson(url: string, body: string) {
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Per-test clean-up for servers and sockets: `start` starts a test server that
 * is closed after the test, `defer` registers anything else to close, newest first.
 */
export function testServers(afterEach: (fn: () => Promise<void>) => void) {
  let cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    // Taken first: a clean-up that throws or hangs fails its own test, not the next one too.
    const due = cleanups.reverse();
    cleanups = [];
    for (const cleanup of due) await cleanup();
  });
  return {
    async start(opts: Parameters<typeof startTestServer>[0] = {}) {
      const t = await startTestServer(opts);
      cleanups.push(() => t.server.close());
      return t;
    },
    defer(cleanup: () => Promise<void> | void) {
      cleanups.push(cleanup);
    },
  };
}

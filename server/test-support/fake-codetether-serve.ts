import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUS_STREAM_PATH } from '../adapters/codetether-serve/bus-stream-client';

// A stand-in for `codetether serve` in tests: its bus stream route with its bearer
// auth, framed exactly as axum 0.8 frames SSE (src/server/mod.rs, stream_bus_events):
// `event:bus\ndata:<envelope JSON>\n\n`, `event:lag\ndata:skipped <n>\n\n`,
// `event:keepalive\ndata:\n\n` for a topic the token may not see, and the
// `:\n\n` keep-alive comment. Tests script each connection by hand.

/** One client connected to the bus stream. */
export interface FakeBusConnection {
  /** One envelope (a line of fixtures/bus-envelopes.jsonl) as `event:bus`. */
  sendEnvelope(json: string): void;
  sendLag(skipped: number): void;
  sendKeepaliveEvent(): void;
  sendKeepaliveComment(): void;
  /** Bytes as they are, e.g. half an event before `drop()`. */
  writeRaw(text: string): void;
  /** Cuts the TCP connection, as a crash or a network failure would. */
  drop(): void;
  /** Ends the response cleanly, as a server shutting down would. */
  end(): void;
  readonly closed: Promise<void>;
}

export interface FakeCodetetherServe {
  /** Base address, e.g. http://127.0.0.1:PORT (the follower adds /v1/bus/stream). */
  url: string;
  /** The authorization header of every request to the stream route, in order (null when none). */
  authorizations: (string | null)[];
  /** The n-th accepted stream connection (0-based), once it is open. */
  connection(n: number, timeoutMs?: number): Promise<FakeBusConnection>;
  acceptedConnections(): number;
  close(): Promise<void>;
}

/** axum's framing: one `field:value` line per field, a blank line after the event. */
function sseEvent(event: string, data: string): string {
  return `event:${event}\ndata:${data}\n\n`;
}

export async function startFakeCodetetherServe(opts: { token: string }): Promise<FakeCodetetherServe> {
  const connections: FakeBusConnection[] = [];
  const waiters: (() => void)[] = [];
  const authorizations: (string | null)[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== BUS_STREAM_PATH || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    authorizations.push(req.headers.authorization ?? null);
    // The agent's require_auth: `Authorization: Bearer <token>` or `?token=`, else 401 with no body.
    const presented = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice('Bearer '.length) : url.searchParams.get('token');
    if (presented !== opts.token) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    const write = (text: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(text);
    };
    connections.push({
      sendEnvelope: (json) => write(sseEvent('bus', json)),
      sendLag: (skipped) => write(sseEvent('lag', `skipped ${skipped}`)),
      sendKeepaliveEvent: () => write(sseEvent('keepalive', '')),
      sendKeepaliveComment: () => write(':\n\n'),
      writeRaw: write,
      drop: () => req.socket.destroy(),
      end: () => res.end(),
      closed,
    });
    for (const wake of waiters.splice(0)) wake();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    acceptedConnections: () => connections.length,
    async connection(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (connections.length <= n) {
        if (Date.now() > deadline) throw new Error(`the fake codetether serve had ${connections.length} stream connections, waited for connection #${n}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return connections[n]!;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

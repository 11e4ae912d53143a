import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isStored } from '#protocol/event-class';
import type { SessionEvent } from '#protocol/event-schemas';
import type { IngestFrameReplyJson } from '#protocol/live-messages';
import { parseEvent } from '#protocol/parse-event';

type IngestAckJson = Extract<IngestFrameReplyJson, { kind: 'ack' }>;

// Test support: a stand-in for the server's ingest socket, with the reply rules
// the real one follows, so producer and demo tests run without the server.

/** What to do with one frame: ack it as the server would, refuse it whole, cut the connection, never answer, or answer with raw text. */
export type FakeReply = 'ack' | 'refuse' | 'drop' | 'silence' | { raw: string };

export interface FrameContext {
  /** 1-based connection number. */
  connection: number;
  /** 0-based frame number within the connection. */
  frameIndex: number;
}

export interface FakeIngestServer {
  url: string;
  /** Every frame received, as sent (a frame with one object is shown as an array of one). */
  readonly frames: unknown[][];
  /** Valid stored events, once each, keyed `session_id:seq`. */
  readonly stored: Map<string, SessionEvent>;
  /** Every valid event in arrival order, duplicates included. */
  readonly received: SessionEvent[];
  readonly connections: number;
  close(): Promise<void>;
}

export interface FakeIngestOptions {
  respond?: (frame: unknown[], context: FrameContext) => FakeReply;
  /** Refuse this many connection attempts with HTTP 503 before accepting. */
  refuseConnections?: number;
}

export async function startFakeIngestServer(options: FakeIngestOptions = {}): Promise<FakeIngestServer> {
  let refusalsLeft = options.refuseConnections ?? 0;
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (_info, callback) => {
      if (refusalsLeft > 0) {
        refusalsLeft--;
        callback(false, 503, 'not ready');
      } else callback(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const frames: unknown[][] = [];
  const stored = new Map<string, SessionEvent>();
  const received: SessionEvent[] = [];
  let connections = 0;

  const ack = (frame: unknown[]): IngestAckJson => {
    const reply: IngestAckJson = { kind: 'ack', acks: Object.create(null) as Record<string, number>, duplicates: 0, rejected: [] };
    frame.forEach((value, index) => {
      const parsed = parseEvent(value);
      if (!parsed.ok) {
        reply.rejected.push({ index, error: parsed.error });
        return;
      }
      const event = parsed.event;
      received.push(event);
      const key = `${event.session_id}:${event.seq}`;
      if (isStored(event.type)) {
        if (stored.has(key)) reply.duplicates++;
        else stored.set(key, event);
      }
      reply.acks[event.session_id] = Math.max(reply.acks[event.session_id] ?? 0, event.seq);
    });
    return reply;
  };

  wss.on('connection', (socket: WebSocket) => {
    const connection = ++connections;
    let frameIndex = 0;
    socket.on('message', (data) => {
      const value: unknown = JSON.parse(data.toString());
      const frame = Array.isArray(value) ? (value as unknown[]) : [value];
      frames.push(frame);
      const reply = options.respond?.(frame, { connection, frameIndex: frameIndex++ }) ?? 'ack';
      if (reply === 'drop') socket.terminate();
      else if (reply === 'refuse') socket.send(JSON.stringify({ kind: 'error', error: 'store unavailable: disk full', retryable: true }));
      else if (reply === 'ack') socket.send(JSON.stringify(ack(frame)));
      else if (reply !== 'silence') socket.send(reply.raw);
    });
  });

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/v1/ingest`,
    frames,
    stored,
    received,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ingestReplySchema, type IngestFrameReply } from '#protocol/live-messages';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { startServerProcess } from '../test-support/server-process';
import { waitFor } from '../test-support/test-server';

const closeOf = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

describe('graceful shutdown (SIGTERM)', () => {
  it('commits and acknowledges what is in flight, refuses the rest as retryable, closes sockets with a reason, exits 0', async () => {
    const server = await startServerProcess({});
    const s = uniqueSessionId('sigterm');
    const e = sessionEvents(s);
    const producer = new WebSocket(`${server.wsUrl}/api/v1/ingest`);
    const live = new WebSocket(`${server.wsUrl}/api/v1/live`);
    await Promise.all([producer, live].map((socket) => new Promise((resolve) => socket.once('open', resolve))));
    const producerClosed = closeOf(producer);
    const liveClosed = closeOf(live);
    const replies: IngestFrameReply[] = [];
    producer.on('message', (data) => replies.push(ingestReplySchema.parse(JSON.parse(data.toString()))));

    // Frames of 50 stored events, written without waiting for replies, until the socket closes.
    const frames: number[][] = [];
    const writer = setInterval(() => {
      if (producer.readyState !== WebSocket.OPEN) return;
      const frame = Array.from({ length: 50 }, () => e('token_usage'));
      frames.push(frame.map((x) => x.seq));
      producer.send(JSON.stringify(frame));
    }, 2);
    try {
      await waitFor(() => replies.length >= 5, 'a few acknowledged frames', 20_000);
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      expect(await producerClosed).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(await liveClosed).toEqual({ code: 1001, reason: 'server shutting down' });
      expect(await exited).toBe(0);
    } finally {
      clearInterval(writer);
      await server.kill();
    }

    // Replies answer frames in order; a frame sent as the server stopped may get none (the producer resends it).
    expect(replies.length).toBeLessThanOrEqual(frames.length);
    const ackedSeqs = replies.flatMap((reply, i) => {
      if (reply.kind === 'error') expect(reply).toMatchObject({ retryable: true });
      return reply.kind === 'ack' ? frames[i]! : [];
    });
    expect(ackedSeqs.length).toBeGreaterThan(0);
    const db = new Database(server.dbPath, { readonly: true });
    try {
      const stored = new Set((db.prepare('SELECT seq FROM events WHERE session_id = ?').all(s) as { seq: number }[]).map((r) => r.seq));
      expect(ackedSeqs.filter((seq) => !stored.has(seq))).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});

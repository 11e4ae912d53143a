import fs from 'node:fs';
import WebSocket from 'ws';
import type { LiveServerMessage } from '../src/protocol/live-messages';
import { startServerProcess } from '../server/test-support/server-process';
import { percentile } from './stats';

const now = () => performance.timeOrigin + performance.now();

/**
 * Ingest-to-delivery latency: producers send `ratePerS` events over `sessions`
 * sessions (mostly ephemeral text, some durable usage) and a subscribed browser
 * socket notes when each arrives. Producer and subscriber share this process's
 * clock; the server runs in its own process, as in production.
 */
export async function benchFanout(opts: { ratePerS: number; sessions: number; seconds: number }): Promise<{ p50: number; p99: number; received: number }> {
  const server = await startServerProcess();
  try {
    const latencies: number[] = [];
    const subscriber = new WebSocket(`${server.wsUrl}/api/v1/live`);
    let warm = false;
    subscriber.on('message', (data) => {
      const message = JSON.parse(data.toString()) as LiveServerMessage;
      if (message.kind !== 'events' || !warm) return;
      const t = now();
      for (const { event } of message.events) {
        const sentAt = (event as { sent_at_ms?: number }).sent_at_ms;
        if (typeof sentAt === 'number') latencies.push(t - sentAt);
      }
    });
    await new Promise((r) => subscriber.once('open', r));
    const producer = new WebSocket(`${server.wsUrl}/api/v1/ingest`);
    await new Promise((r) => producer.once('open', r));

    const tickMs = 10;
    const perTick = Math.round((opts.ratePerS * tickMs) / 1000);
    const seqs = Array.from({ length: opts.sessions }, () => 0);
    const tag = Math.random().toString(36).slice(2, 8);
    let sent = 0;
    const started = now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = now() - started;
        warm = elapsed > 1000;
        if (elapsed > (opts.seconds + 1) * 1000) {
          clearInterval(timer);
          resolve();
          return;
        }
        const target = Math.floor((elapsed / 1000) * opts.ratePerS);
        const frame = [];
        for (let i = 0; sent < target && i < perTick * 4; i++, sent++) {
          const s = sent % opts.sessions;
          const seq = ++seqs[s]!;
          const base = { session_id: `fan-${tag}-${s}`, seq, ts: Date.now(), sent_at_ms: now() };
          frame.push(
            seq % 10 === 0
              ? { ...base, type: 'token_usage', source: 'root', model: 'openai/gpt-5', prompt_tokens: 100, completion_tokens: 20, duration_ms: 300 }
              : { ...base, type: 'text_chunk', delta: 'token ' },
          );
        }
        if (frame.length > 0) producer.send(JSON.stringify(frame));
      }, tickMs);
    });
    await new Promise((r) => setTimeout(r, 500));
    producer.close();
    subscriber.close();
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), received: latencies.length };
  } finally {
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

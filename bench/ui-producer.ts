import WebSocket from 'ws';
import { mixedEvent } from './event-mix';

const now = () => performance.timeOrigin + performance.now();

export interface PacedProducer {
  /** Events sent so far. */
  sent(): number;
  stop(): Promise<void>;
}

/**
 * Sends `ratePerS` events over the producer WebSocket, in frames every 10 ms,
 * spread over `sessions` sessions: text deltas stamped with `sent_at_ms` (the
 * same epoch clock the page reads), a `text_complete` every `stepEvery` chunks
 * per session so a step's text stays a realistic size, and a `token_usage`
 * every `usageEvery` events when asked. `mix: 'realistic'` sends the working
 * agent's mix of ./event-mix.ts instead (text, completions, tool calls, usage).
 */
export async function startPacedProducer(opts: {
  wsUrl: string;
  sessionIds: readonly string[];
  ratePerS: number;
  stepEvery?: number;
  usageEvery?: number;
  firstSeq?: number;
  limit?: number;
  mix?: 'text' | 'realistic';
}): Promise<PacedProducer> {
  const socket = new WebSocket(`${opts.wsUrl}/api/v1/ingest`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.on('message', () => undefined); // acks: not needed for pacing
  const seqs = opts.sessionIds.map(() => opts.firstSeq ?? 1);
  const chunks = opts.sessionIds.map(() => 0);
  const stepEvery = opts.stepEvery ?? 1_000;
  const limit = opts.limit ?? Infinity;
  let sent = 0;
  const started = now();
  const timer = setInterval(() => {
    const target = Math.min(limit, Math.floor(((now() - started) / 1000) * opts.ratePerS));
    const frame: Record<string, unknown>[] = [];
    // Catch up at most 50 ms worth per tick, so a stalled loop does not send one huge burst.
    for (let budget = opts.ratePerS / 20; sent < target && budget > 0; budget--, sent++) {
      const s = sent % opts.sessionIds.length;
      const seq = seqs[s]!++;
      const base = { session_id: opts.sessionIds[s]!, seq, ts: Date.now(), sent_at_ms: now() };
      if (opts.mix === 'realistic') {
        frame.push({ ...base, ...mixedEvent(chunks[s]!++, seq) });
      } else if (opts.usageEvery && sent % opts.usageEvery === 0) {
        frame.push({ ...base, type: 'token_usage', source: 'root', model: 'openai/gpt-5', prompt_tokens: 100, completion_tokens: 20, duration_ms: 300 });
      } else if (++chunks[s]! % stepEvery === 0) {
        frame.push({ ...base, type: 'text_complete', text: `Step ${seq} finished.` });
      } else {
        frame.push({ ...base, type: 'text_chunk', delta: 'token ' });
      }
    }
    if (frame.length > 0) socket.send(JSON.stringify(frame));
  }, 10);
  return {
    sent: () => sent,
    stop: async () => {
      clearInterval(timer);
      socket.close();
      await new Promise((resolve) => socket.once('close', resolve));
    },
  };
}

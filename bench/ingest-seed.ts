import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import WebSocket from 'ws';

/**
 * Sends events through the producer WebSocket in frames of `frameSize`, each
 * acknowledged before the next; a retryable refusal (rate limit) is resent
 * after the wait the server asks for. For seeding stored history quickly.
 */
export async function seedEvents(wsUrl: string, events: Iterable<Record<string, unknown>>, frameSize = 2_000): Promise<number> {
  const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const send = async (frame: Record<string, unknown>[]): Promise<void> => {
    for (;;) {
      const reply = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString())));
      socket.send(JSON.stringify(frame));
      const parsed = JSON.parse(await reply) as { kind: string; retryable?: boolean; retry_after_ms?: number; error?: string; rejected?: unknown[] };
      if (parsed.kind === 'ack') {
        if (parsed.rejected && parsed.rejected.length > 0) throw new Error(`seed rejected: ${JSON.stringify(parsed.rejected.slice(0, 2))}`);
        return;
      }
      if (!parsed.retryable) throw new Error(`seed refused: ${parsed.error}`);
      await new Promise((r) => setTimeout(r, parsed.retry_after_ms ?? 200));
    }
  };
  let frame: Record<string, unknown>[] = [];
  let sent = 0;
  for (const event of events) {
    frame.push(event);
    if (frame.length === frameSize) {
      await send(frame);
      sent += frame.length;
      frame = [];
    }
  }
  if (frame.length > 0) {
    await send(frame);
    sent += frame.length;
  }
  socket.close();
  return sent;
}

/** The server for one benchmark; on a loaded machine the first start can overrun its 30 s, so once more. */
export async function startBenchServer(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  try {
    return await startServerProcess({ env });
  } catch (err) {
    console.warn(`  server start failed, retrying once: ${String(err).split('\n')[0]}`);
    return startServerProcess({ env });
  }
}

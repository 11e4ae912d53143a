import type { Logger } from 'pino';
import { z } from 'zod';
import { IngestPipeline } from '../ingest/ingest-pipeline';
import type { IngestItem } from '../ingest/ingest-item';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import type { EventSink } from './ingest-stream';

/** The reply of `POST /api/v1/events`, parsed: a server we do not understand is an error, not a guess. */
const ingestReplySchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ line: z.number(), error: z.string() })),
});

export interface HttpSinkOptions {
  /** An `ingest` bearer token, when the server requires one. */
  token?: string;
  /** Tries per batch while the server is unreachable or says 503; default 8 (about 30 s in all). */
  attempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

class RetryableError extends Error {}

/**
 * Posts each batch as NDJSON to `POST /api/v1/events`. A server that is down or
 * restarting is retried with back-off; resending is safe (the server recognises
 * events it already has). Gives up on a batch after `attempts` and rejects, so
 * the caller reports it and reads on: a stalled dashboard must never block the
 * agent writing into the pipe.
 */
export function httpEventSink(baseUrl: string, options: HttpSinkOptions = {}): EventSink {
  const url = new URL('/api/v1/events', baseUrl);
  const attempts = Math.max(1, options.attempts ?? 8);
  const baseMs = options.retryBaseMs ?? 250;
  const maxMs = options.retryMaxMs ?? 5000;

  async function post(body: string): Promise<{ accepted: number; duplicates: number }> {
    let res: Response;
    try {
      const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
      res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...auth }, body });
    } catch (err) {
      throw new RetryableError(`cannot reach ${url.origin}: ${(err as Error).message}`);
    }
    const text = await res.text();
    // 503: store unavailable or restarting; 429: over the connection's event rate. Both say to come back.
    if (res.status === 503 || res.status === 429) throw new RetryableError(`${url.origin} is unavailable: ${text}`);
    if (res.status === 401 || res.status === 403) throw new Error(`${url} answered ${res.status}: ${text} (give an ingest token with --token or TETHER_TOKEN)`);
    if (res.status !== 200 && res.status !== 400) throw new Error(`${url} answered ${res.status}: ${text}`);
    const reply = ingestReplySchema.parse(JSON.parse(text));
    // Every event was validated here with the same parser: a refusal means the server runs another protocol version.
    if (reply.rejected.length > 0) throw new Error(`the server refused ${reply.rejected.length} events, e.g. ${reply.rejected[0]!.error}`);
    return { accepted: reply.accepted, duplicates: reply.duplicates };
  }

  return {
    async send(items: IngestItem[]) {
      const body = items.map((item) => item.json).join('\n');
      for (let attempt = 1; ; attempt++) {
        try {
          return await post(body);
        } catch (err) {
          if (!(err instanceof RetryableError) || attempt >= attempts) throw err;
          await new Promise((r) => setTimeout(r, Math.min(maxMs, baseMs * 2 ** (attempt - 1))));
        }
      }
    },
    close: () => Promise.resolve(),
  };
}

/** Writes straight into a SQLite database file, through the same pipeline as the server. */
export async function databaseEventSink(dbPath: string, log: Logger): Promise<EventSink> {
  const store = await createSqliteStore({ path: dbPath });
  const pipeline = new IngestPipeline(store, () => undefined, log);
  return {
    async send(items: IngestItem[]) {
      const outcomes = await pipeline.submit(items);
      const duplicates = outcomes.filter((o) => o.kind === 'duplicate').length;
      return { accepted: outcomes.length - duplicates, duplicates };
    },
    async close() {
      await pipeline.drain();
      await store.close();
    },
  };
}

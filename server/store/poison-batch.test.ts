import fc from 'fast-check';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestReplySchema } from '#protocol/api-schemas';
import { maxTokensPerCall } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import { IngestPipeline } from '../ingest/ingest-pipeline';
import { postNdjson, testServers } from '../test-support/test-server';
import type { EventStore } from './event-store';
import type { IngestItem } from '../ingest/ingest-item';
import { noPostgres } from '../test-support/postgres/postgres-availability';
import { createPostgresStore } from './postgres/postgres-store';
import { createTempDatabase, type TempDatabase } from '../test-support/postgres/temp-database';
import { createSqliteStore } from './sqlite/sqlite-store';
import { tokenUsageItem } from '../test-support/store-test-events';

// Issue 13 item 2: 1,024 token_usage of prompt_tokens = 2^53-1 overflowed the int64 hourly
// rollup (SQLITE_CONSTRAINT_DATATYPE), refused as retryable, and took every other producer's
// events in the same group commit down with it. Now the protocol bounds a call's tokens, and
// a store error on one submit refuses that submit alone, saying a retry cannot help.

const T0 = Date.UTC(2026, 10, 24, 13);
const servers = testServers(afterEach);
let store: EventStore | null = null;
let database: TempDatabase | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  await database?.drop();
  database = null;
});

/** A token_usage as a pre-bound build accepted it: straight to the store, past today's schema. */
function unboundedTokenUsage(sessionId: string, seq: number): IngestItem {
  const event = { session_id: sessionId, seq, ts: T0, type: 'token_usage', source: 'root', model: 'acme/m', prompt_tokens: Number.MAX_SAFE_INTEGER, completion_tokens: 1, duration_ms: 1 };
  return { event: event as IngestItem['event'], known: true, eventClass: 'durable', tsMs: T0, json: JSON.stringify(event) };
}

describe('token counts a model cannot produce', () => {
  it('the protocol refuses more than maxTokensPerCall in a field, naming the field', () => {
    const base = { session_id: 's', seq: 1, ts: T0, type: 'token_usage', source: 'root', model: 'm', prompt_tokens: 1, completion_tokens: 1, duration_ms: 1 };
    expect(parseEvent({ ...base, prompt_tokens: maxTokensPerCall }).ok).toBe(true);
    for (const field of ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens']) {
      const parsed = parseEvent({ ...base, [field]: Number.MAX_SAFE_INTEGER });
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.error).toContain(field);
    }
    const report = parseEvent({ session_id: 's', seq: 1, ts: T0, type: 'usage_report', prompt_tokens: 2 ** 53 - 1, completion_tokens: 1, duration_ms: 1, model: 'm' });
    expect(report.ok ? '' : report.error).toContain('prompt_tokens');
  });

  it('accepts every count up to the bound and refuses every one above it, naming the field (property)', () => {
    const fields = ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (field, count) => {
        const event = { session_id: 's', seq: 1, ts: T0, type: 'token_usage', source: 'root', model: 'm', prompt_tokens: 1, completion_tokens: 1, duration_ms: 1 };
        const parsed = parseEvent({ ...event, [field]: count });
        if (count <= maxTokensPerCall) return parsed.ok;
        return !parsed.ok && parsed.error.includes(field) && parsed.error.includes(String(maxTokensPerCall));
      }),
      { numRuns: 500 },
    );
  });

  it('POST /events refuses the line with 2^53-1 tokens and stores the rest of the body', async () => {
    const { url } = await servers.start();
    const line = (seq: number, prompt: number) =>
      JSON.stringify({ session_id: 'bounded', seq, ts: T0, type: 'token_usage', source: 'root', model: 'acme/m', prompt_tokens: prompt, completion_tokens: 1, duration_ms: 1 });
    const res = await postNdjson(url, [line(1, 10), line(2, Number.MAX_SAFE_INTEGER), line(3, 20)].join('\n'));
    const reply = ingestReplySchema.parse(res.body);
    expect(reply.accepted).toBe(2);
    expect(reply.rejected).toHaveLength(1);
    expect(reply.rejected[0]).toMatchObject({ line: 2 });
    expect(reply.rejected[0]!.error).toContain('prompt_tokens');
  });
});

const stores: [string, () => Promise<EventStore>, RegExp][] = [
  ['sqlite', () => createSqliteStore({ path: ':memory:' }), /SQLITE_CONSTRAINT_DATATYPE|SQLITE_TOOBIG|SQLITE_MISMATCH/],
  [
    'postgres',
    async () => {
      database = await createTempDatabase();
      return createPostgresStore({ url: database.url, poolSize: 2 });
    },
    // 22003: numeric_value_out_of_range (bigint out of range).
    /22003/,
  ],
];

describe.each(stores)('a store error on one submit (%s)', (kind, openStore, storeReason) => {
  it.skipIf(kind === 'postgres' && noPostgres)('refuses only that submit, as not retryable, and commits the other producers of the group commit', async () => {
    store = await openStore();
    const pipeline = new IngestPipeline(store, () => {}, pino({ level: 'silent' }));
    // The reproduction: 1,024 calls of 2^53-1 overflow the int64 rollup in one hour.
    const poison = Array.from({ length: 1024 }, (_, i) => unboundedTokenUsage('poison', i + 1));
    const valid = [tokenUsageItem('valid-a', 1, T0, { prompt_tokens: 5, completion_tokens: 1 }), tokenUsageItem('valid-a', 2, T0, { prompt_tokens: 6, completion_tokens: 1 })];
    const other = [tokenUsageItem('valid-b', 1, T0, { prompt_tokens: 7, completion_tokens: 1 })];
    // Submitted in the same turn of the event loop: one group commit.
    const [a, bad, b] = await Promise.allSettled([pipeline.submit(valid), pipeline.submit(poison), pipeline.submit(other)]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    const refusal = (bad as PromiseRejectedResult).reason as Error & { retryable?: boolean };
    expect(refusal.retryable).toBe(false);
    expect(refusal.message).toMatch(storeReason);
    expect(refusal.message).toContain('a retry cannot succeed');
    expect((await store.getSession('valid-a'))!.prompt_tokens).toBe(11);
    expect((await store.getSession('valid-b'))!.prompt_tokens).toBe(7);
    expect(await store.getSession('poison')).toBeNull();
    expect(pipeline.counters.accepted).toBe(3);
  });

  it.skipIf(kind === 'postgres' && noPostgres)('refuses everything as retryable when the store itself is unavailable (no split)', async () => {
    store = await openStore();
    const closed = store;
    await closed.close();
    store = null;
    const pipeline = new IngestPipeline(closed, () => {}, pino({ level: 'silent' }));
    const results = await Promise.allSettled([pipeline.submit([tokenUsageItem('x', 1, T0, { prompt_tokens: 1, completion_tokens: 1 })]), pipeline.submit([tokenUsageItem('y', 1, T0, { prompt_tokens: 1, completion_tokens: 1 })])]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect(((result as PromiseRejectedResult).reason as { retryable?: boolean }).retryable).toBe(true);
    }
  });
});

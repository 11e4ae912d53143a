import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionListQuerySchema, tokenUsageQuerySchema } from '#protocol/api-queries';
import type { EventStore } from '../event-store';
import { makeItem, sessionSyncItem, tokenUsageItem } from '../../test-support/store-test-events';
import { noPostgres } from '../../test-support/postgres/postgres-availability';
import { createPostgresStore } from './postgres-store';
import { createTempDatabase, type TempDatabase } from '../../test-support/postgres/temp-database';

// Where PostgreSQL differs from SQLite underneath and the store must hide it:
// text columns and JSONB cannot hold U+0000, which a producer may still send.

const T0 = Date.UTC(2026, 10, 24, 13);

describe.skipIf(noPostgres)('postgres store: producer text PostgreSQL cannot hold', () => {
  let database: TempDatabase;
  let store: EventStore;
  beforeEach(async () => {
    database = await createTempDatabase();
    store = await createPostgresStore({ url: database.url, poolSize: 2 });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('stores a NUL in a title, a model or an error as U+FFFD instead of refusing the batch', async () => {
    const result = await store.ingest([
      sessionSyncItem('nul', 1, T0, { title: 'a\u0000b' }),
      tokenUsageItem('nul', 2, T0, { model: 'm/\u0000x', prompt_tokens: 1, completion_tokens: 1 }),
      makeItem('error', 'nul', 3, T0, { error: 'bad\u0000' }),
    ]);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['live', 'stored', 'stored']);
    expect(await store.getSession('nul')).toMatchObject({ title: 'a\uFFFDb', last_error: 'bad\uFFFD', model: 'm/\uFFFDx' });
    expect((await store.tokenUsage(tokenUsageQuerySchema.parse({}))).records.map((r) => r.model)).toEqual(['m/\uFFFDx']);
    // The event log keeps the event exactly as sent (its JSON escapes the NUL).
    expect((await store.eventsAfter(0, null, 10))[0]!.event).toMatchObject({ model: 'm/\u0000x' });
    expect((await store.listSessions(sessionListQuerySchema.parse({ q: 'a\u0000b' }))).total).toBe(1);
  });
});

import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore, IngestBatchResult } from '../event-store';
import { makeItem, tokenUsageItem } from '../../test-support/store-test-events';
import { noPostgres } from '../../test-support/postgres/postgres-availability';
import { legacyVersionOf } from '../migrations/migrate-store';
import { createPostgresStore } from './postgres-store';
import { createTempDatabase, type TempDatabase } from '../../test-support/postgres/temp-database';

// Several replicas writing one database: what the contract (one store at a time)
// cannot show. Each test gets a fresh database and three stores on it.

const T0 = Date.UTC(2026, 10, 24, 13);
let database: TempDatabase;
let replicas: EventStore[];

const storedCursors = (result: IngestBatchResult) => result.outcomes.flatMap((o) => (o.kind === 'stored' ? [o.cursor] : []));

describe.skipIf(noPostgres)('postgres store: replicas on one database', () => {
  beforeEach(async () => {
    database = await createTempDatabase();
    // Opened at once: their migrations race, and exactly one may run each.
    replicas = await Promise.all([0, 1, 2].map(() => createPostgresStore({ url: database.url, poolSize: 3 })));
  });

  afterEach(async () => {
    await Promise.all(replicas.map((store) => store.close()));
    await database.drop();
  });

  it('migrates once when replicas start together', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
      expect(rows).toEqual([{ version: legacyVersionOf('postgres') }]);
    } finally {
      await client.end();
    }
  });

  it('commits batches one at a time, in cursor order, each continuing the head it read', async () => {
    // 3 replicas x 8 batches, all at once; every batch stores 5 events of its own.
    const results = await Promise.all(
      replicas.flatMap((store, r) =>
        Array.from({ length: 8 }, (_, b) =>
          store.ingest(Array.from({ length: 5 }, (_, i) => makeItem('text_complete', `r${r}-b${b}`, i + 1, T0 + i))),
        ),
      ),
    );
    const byHead = [...results].sort((a, b) => a.headBefore - b.headBefore);
    let head = 0;
    for (const result of byHead) {
      const cursors = storedCursors(result);
      expect(cursors).toHaveLength(5);
      // No other batch committed in between: this one starts exactly where the last one ended.
      expect(result.headBefore).toBe(head);
      expect(Math.min(...cursors)).toBeGreaterThan(head);
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      head = Math.max(...cursors);
    }
    expect(await replicas[0]!.headCursor()).toBe(head);
    expect(await replicas[1]!.eventsAfter(0, null, 1000)).toHaveLength(120);
  });

  it("folds every replica's events into one summary, never a stale one", async () => {
    // One session fed through all three replicas at once, interleaved seqs.
    const batches = Array.from({ length: 30 }, (_, i) =>
      replicas[i % 3]!.ingest([tokenUsageItem('shared', 2 * i + 1, T0 + i, { prompt_tokens: 10, completion_tokens: 1 }), makeItem('text_complete', 'shared', 2 * i + 2, T0 + i)]),
    );
    await Promise.all(batches);
    for (const store of replicas) {
      expect(await store.getSession('shared')).toMatchObject({ event_count: 60, stored_event_count: 60, prompt_tokens: 300, completion_tokens: 30, last_seq: 60 });
    }
    // A resend through another replica is a duplicate there too.
    const again = await replicas[2]!.ingest([makeItem('text_complete', 'shared', 2, T0)]);
    expect(again.outcomes).toEqual([{ kind: 'duplicate' }]);
  });

  it('sees a budget set through another replica', async () => {
    await replicas[0]!.setBudget('s1', { warn_usd: 1, limit_usd: 2 });
    expect(await replicas[1]!.budgets()).toEqual({ s1: { warn_usd: 1, limit_usd: 2 } });
  });
});

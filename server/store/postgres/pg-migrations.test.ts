import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noPostgres } from '../../test-support/postgres/postgres-availability';
import { createTempDatabase, withClient, type TempDatabase } from '../../test-support/postgres/temp-database';
import { makeItem } from '../../test-support/store-test-events';
import { legacyVersionOf } from '../migrations/migrate-store';
import { storeMigrations } from '../migrations/store-migrations';
import { createPostgresStore } from './postgres-store';

// A database made by a build before the Kysely migrator (its own schema_version count)
// is adopted: nothing it has runs again, its rows stay, the rest would run.

const T0 = Date.UTC(2026, 10, 24, 13);
/** The schema the last build before the migrator made, frozen (server/test-support/legacy-schemas). */
const frozenSchema = fs.readFileSync(path.join(import.meta.dirname, '../../test-support/legacy-schemas/postgres-schema-version-4.sql'), 'utf8');

let database: TempDatabase | null = null;
afterEach(async () => {
  await database?.drop();
  database = null;
});

describe.skipIf(noPostgres)('postgres schema migrations', () => {
  it('adopts a database the last build before the migrator made (frozen schema), running nothing and keeping its rows', async () => {
    database = await createTempDatabase();
    const event = { session_id: 'kept', seq: 1, ts: T0, type: 'text_complete', text: 'hi' };
    await withClient(database.url, async (client) => {
      await client.query(frozenSchema);
      await client.query('INSERT INTO events (session_id, seq, ts_ms, type, json) VALUES ($1, $2, $3, $4, $5)', ['kept', 1, T0, 'text_complete', JSON.stringify(event)]);
      // An index no migration makes: a migration run again would fail before reaching it, or drop it.
      await client.query('CREATE INDEX operator_added ON events (ts_ms)');
    });
    const store = await createPostgresStore({ url: database.url, poolSize: 2 });
    try {
      expect((await store.eventsAfter(0, null, 10)).map((e) => e.event)).toEqual([event]);
      const { outcomes } = await store.ingest([makeItem('text_complete', 'kept', 2, T0 + 1)]);
      expect(outcomes).toEqual([{ kind: 'stored', cursor: 2 }]);
    } finally {
      await store.close();
    }
    await withClient(database!.url, async (client) => {
      expect((await client.query('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name)).toEqual(storeMigrations.map((m) => m.name));
      expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: legacyVersionOf('postgres') }]);
      expect((await client.query("SELECT to_regclass('operator_added')::text AS found")).rows).toEqual([{ found: 'operator_added' }]);
    });
  });

  it('refuses a database an older build counted past what this build knows', async () => {
    database = await createTempDatabase();
    await withClient(database.url, async (client) => {
      await client.query(frozenSchema);
      await client.query(`UPDATE schema_version SET version = ${legacyVersionOf('postgres') + 1}`);
    });
    await expect(createPostgresStore({ url: database.url, poolSize: 1 })).rejects.toThrow(/newer than this build understands/);
  });
});

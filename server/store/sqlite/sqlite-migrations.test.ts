import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionListQuerySchema, tokenUsageQuerySchema } from '#protocol/api-queries';
import { makeItem, tokenUsageItem } from '../../test-support/store-test-events';
import { openDatabase } from './open-database';
import { legacyVersionOf, migrationsCoveredBy } from '../migrations/migrate-store';
import { storeMigrations } from '../migrations/store-migrations';
import { createSqliteStore } from './sqlite-store';
import { migrateSqlite } from './sqlite-migrator';

// Databases written by earlier builds open at the current schema with their data.

/** A schema an older build made, frozen (server/test-support/legacy-schemas). */
const legacySchema = (file: string) => path.join(import.meta.dirname, '../../test-support/legacy-schemas', file);

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-watch-migrations-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

let databaseCount = 0;
const newDatabasePath = () => path.join(tempDir, `store-${++databaseCount}`, 'events.db');

const T0 = Date.UTC(2026, 10, 24, 13);

const schemaVersion = legacyVersionOf('sqlite');

/** Leaves a database as a build before the Kysely migrator left it at `userVersion`: its count, no record of the migrator's. */
function asOlderBuild(db: Database.Database, userVersion: number): void {
  db.exec('DROP TABLE kysely_migration; DROP TABLE kysely_migration_lock;');
  db.pragma(`user_version = ${userVersion}`);
}

/** Takes a current database back to before migration 5 (usage origin, label, reported cost). */
function undoMigration5(db: Database.Database, { modelHourly }: { modelHourly: boolean }): void {
  for (const column of ['origin', 'label', 'reported_cost_usd']) db.exec(`ALTER TABLE token_usage DROP COLUMN ${column}`);
  for (const table of modelHourly ? ['usage_hourly', 'usage_model_hourly'] : ['usage_hourly']) {
    for (const column of ['usage_report_calls', 'reported_cost_usd']) db.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}

/** Takes a current database back to before the fleet listing's migration (activity, producer and cost columns, their indexes). */
function undoFleetListing(db: Database.Database): void {
  for (const index of ['sessions_by_present', 'sessions_by_cost', 'sessions_by_status_cost', 'sessions_by_agent', 'sessions_by_model']) db.exec(`DROP INDEX ${index}`);
  for (const column of ['activity', 'activity_since_ms', 'producer', 'cost_usd', 'unpriced_tokens']) db.exec(`ALTER TABLE sessions DROP COLUMN ${column}`);
}

describe('sqlite schema migrations', () => {
  it('gives sessions stored before the fleet columns the activity their last event type shows, and lists them by it', async () => {
    const filePath = newDatabasePath();
    const store = await createSqliteStore({ path: filePath });
    await store.ingest([
      makeItem('tool_call_start', 'waits', 1, T0),
      makeItem('approval_request', 'waits', 2, T0 + 1000),
      makeItem('text_complete', 'spoke', 1, T0),
      makeItem('done', 'ended', 1, T0),
    ]);
    await store.close();
    const old = new Database(filePath);
    undoFleetListing(old);
    // As an earlier build wrote the summaries: no activity, no cost.
    old.exec(`UPDATE sessions SET summary_json = json_remove(summary_json, '$.activity', '$.activity_since_ms', '$.activity_state', '$.cost_usd', '$.unpriced_tokens')`);
    asOlderBuild(old, schemaVersion - 1);
    old.close();
    const reopened = await createSqliteStore({ path: filePath });
    try {
      const clock = { nowMs: T0 + 5000, abandonedAfterMs: 30 * 60_000 };
      const list = await reopened.listSessions(sessionListQuerySchema.parse({ status: 'awaiting_approval' }), clock);
      expect(list.sessions.map((s) => s.session_id)).toEqual(['waits']);
      expect(list.sessions[0]).toMatchObject({ activity: 'awaiting_approval', activity_since_ms: T0 + 1000, cost_usd: null, unpriced_tokens: 0 });
      expect(list.status_counts).toMatchObject({ awaiting_approval: 1, idle: 1, done: 1 });
      expect(await reopened.getSession('spoke')).toMatchObject({ activity: 'idle', activity_state: { tools: [], approval: null } });
    } finally {
      await reopened.close();
    }
  });

  it('fills the session-less hourly rollup from usage_hourly when migrating to version 4', async () => {
    const filePath = newDatabasePath();
    const store = await createSqliteStore({ path: filePath });
    await store.ingest([
      tokenUsageItem('m1', 1, T0, { model: 'a/x', prompt_tokens: 10, completion_tokens: 1 }),
      tokenUsageItem('m2', 1, T0 + 60_000, { model: 'a/x', prompt_tokens: 20, completion_tokens: 2, cache_read_tokens: 5 }),
    ]);
    await store.close();
    const old = new Database(filePath);
    old.exec('DROP TABLE usage_model_hourly');
    undoFleetListing(old);
    undoMigration5(old, { modelHourly: false });
    asOlderBuild(old, 3);
    old.close();
    const db = await openDatabase(filePath);
    try {
      expect(db.prepare('SELECT * FROM usage_model_hourly').all()).toEqual([
        {
          hour_ms: T0, source: 'root', model: 'a/x', prompt_tokens: 30, completion_tokens: 3, cache_read_tokens: 5, cache_write_tokens: 0, calls: 2,
          usage_report_calls: 0, reported_cost_usd: null,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('keeps usage written before migration 5 as token_usage, and a usage_report never adds to such a session', async () => {
    const filePath = newDatabasePath();
    const store = await createSqliteStore({ path: filePath });
    await store.ingest([tokenUsageItem('old', 1, T0, { model: 'a/x', prompt_tokens: 10, completion_tokens: 1 })]);
    await store.close();
    const old = new Database(filePath);
    undoFleetListing(old);
    undoMigration5(old, { modelHourly: true });
    // A summary as version 4 wrote it: no producer, no usage_origin.
    const row = old.prepare("SELECT summary_json FROM sessions WHERE session_id = 'old'").get() as { summary_json: string };
    const { producer: _producer, usage_origin: _origin, ...v4Summary } = JSON.parse(row.summary_json) as Record<string, unknown>;
    old.prepare("UPDATE sessions SET summary_json = ? WHERE session_id = 'old'").run(JSON.stringify(v4Summary));
    asOlderBuild(old, 4);
    old.close();

    const reopened = await createSqliteStore({ path: filePath });
    try {
      expect((await reopened.tokenUsage(tokenUsageQuerySchema.parse({}))).records).toMatchObject([{ seq: 1, origin: 'token_usage', label: null, reported_cost_usd: null }]);
      expect(await reopened.getSession('old')).toMatchObject({ producer: null, usage_origin: 'token_usage' });
      await reopened.ingest([makeItem('usage_report', 'old', 2, T0, { prompt_tokens: 500, completion_tokens: 5, model: 'a/x' })]);
      expect(await reopened.getSession('old')).toMatchObject({ prompt_tokens: 10, completion_tokens: 1 });
    } finally {
      await reopened.close();
    }
  });

  it('drops token_usage_by_session_ts from a database made before it was removed', async () => {
    const filePath = newDatabasePath();
    (await openDatabase(filePath)).close();
    // The version-1 schema as first released had this index.
    const old = new Database(filePath);
    old.exec('CREATE INDEX token_usage_by_session_ts ON token_usage (session_id, ts_ms)');
    // ...and none of what later migrations add.
    old.exec('DROP TABLE rlm_fallbacks; DROP TABLE context_samples; DROP TABLE budgets; DROP TABLE usage_model_hourly;');
    undoFleetListing(old);
    undoMigration5(old, { modelHourly: false });
    asOlderBuild(old, 1);
    old.close();
    const db = await openDatabase(filePath);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'token_usage'").pluck().all()).toEqual(['token_usage_by_ts']);
    } finally {
      db.close();
    }
  });

  it('adopts a database the last build before the migrator made (frozen schema), running nothing and keeping its rows', async () => {
    const filePath = newDatabasePath();
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const old = new Database(filePath);
    old.exec(fs.readFileSync(legacySchema('sqlite-user-version-7.sql'), 'utf8'));
    // A row as that build wrote it, and an index no migration makes: a migration run again would fail or drop it.
    const event = { session_id: 'kept', seq: 1, ts: T0, type: 'text_complete', text: 'hi' };
    old.prepare('INSERT INTO events (session_id, seq, ts_ms, type, json) VALUES (?, ?, ?, ?, ?)').run('kept', 1, T0, 'text_complete', JSON.stringify(event));
    old.exec('CREATE INDEX operator_added ON events (ts_ms)');
    old.close();

    const store = await createSqliteStore({ path: filePath });
    try {
      expect((await store.eventsAfter(0, null, 10)).map((e) => e.event)).toEqual([event]);
      expect((await store.ingest([makeItem('text_complete', 'kept', 2, T0 + 1)])).outcomes).toEqual([{ kind: 'stored', cursor: 2 }]);
    } finally {
      await store.close();
    }
    const db = new Database(filePath, { readonly: true });
    try {
      expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(storeMigrations.map((m) => m.name));
      expect(db.pragma('user_version', { simple: true })).toBe(7);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'operator_added'").pluck().all()).toEqual(['operator_added']);
    } finally {
      db.close();
    }
  });

  it('runs only the migrations after those an adopted database had, and counts them the old way too', async () => {
    const db = new Database(':memory:');
    db.exec(fs.readFileSync(legacySchema('sqlite-user-version-7.sql'), 'utf8'));
    const next = { name: '0008-test-column', sqlite: 'ALTER TABLE budgets ADD COLUMN note TEXT;', postgres: null };
    await migrateSqlite(db, [...storeMigrations, next]);
    expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual([...storeMigrations, next].map((m) => m.name));
    expect(db.prepare("SELECT name FROM pragma_table_info('budgets') WHERE name = 'note'").pluck().all()).toEqual(['note']);
    // So a build before the migrator (it knows 7) refuses the database now.
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    db.close();
  });

  it("maps an older build's count to the migrations it covers, in each dialect", () => {
    const names = (dialect: 'sqlite' | 'postgres', version: number) => migrationsCoveredBy(dialect, version).map((m) => m.name.slice(0, 4));
    expect(names('sqlite', 0)).toEqual([]);
    expect(names('sqlite', 4)).toEqual(['0001', '0002', '0003', '0004']);
    // PostgreSQL's first migration held what SQLite reached by its fourth.
    expect(names('postgres', 1)).toEqual(['0001', '0002', '0003', '0004']);
    expect(names('postgres', 2)).toEqual(['0001', '0002', '0003', '0004', '0005']);
    expect(names('postgres', 4)).toEqual(storeMigrations.map((m) => m.name.slice(0, 4)));
  });
});

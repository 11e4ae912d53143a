import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenUsageItem } from '../test-events';
import { openDatabase } from './open-database';
import { schemaVersion } from './schema';
import { createSqliteStore } from './sqlite-store';

// Databases written by earlier builds open at the current schema with their data.

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-watch-migrations-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

let databaseCount = 0;
const newDatabasePath = () => path.join(tempDir, `store-${++databaseCount}`, 'events.db');

const T0 = Date.UTC(2026, 10, 24, 13);

describe('sqlite schema migrations', () => {
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
    old.pragma('user_version = 3');
    old.close();
    const db = openDatabase(filePath);
    try {
      expect(db.prepare('SELECT * FROM usage_model_hourly').all()).toEqual([
        { hour_ms: T0, source: 'root', model: 'a/x', prompt_tokens: 30, completion_tokens: 3, cache_read_tokens: 5, cache_write_tokens: 0, calls: 2 },
      ]);
    } finally {
      db.close();
    }
  });

  it('drops token_usage_by_session_ts from a database made before it was removed', () => {
    const filePath = newDatabasePath();
    openDatabase(filePath).close();
    // The version-1 schema as first released had this index.
    const old = new Database(filePath);
    old.exec('CREATE INDEX token_usage_by_session_ts ON token_usage (session_id, ts_ms)');
    // ...and none of what later migrations add.
    old.exec('DROP TABLE rlm_fallbacks; DROP TABLE context_samples; DROP TABLE budgets; DROP TABLE usage_model_hourly;');
    old.pragma('user_version = 1');
    old.close();
    const db = openDatabase(filePath);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'token_usage'").pluck().all()).toEqual(['token_usage_by_ts']);
    } finally {
      db.close();
    }
  });
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenUsageQuerySchema, usageQuerySchema } from '#protocol/api-queries';
import type { EventStore } from '../event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { emptySummary, foldEventInto } from '../session-summary';
import { describeStoreContract } from '../../test-support/store-contract/store-contract';
import { makeItem, sessionSyncItem, tokenUsageItem } from '../../test-support/store-test-events';
import { openDatabase } from './open-database';
import { measureRawInsertCeiling } from '../../test-support/raw-ceiling';
import { legacyVersionOf } from '../migrations/migrate-store';
import { storeMigrations } from '../migrations/store-migrations';
import { SessionTable } from './session-table';
import { createSqliteStore } from './sqlite-store';
import { canUseHourlyRollup } from '../usage-plan';
import { usageQuery } from '../usage-query';
import { inMemoryPath } from './open-database';
import { sqliteStoreSql } from './sqlite-kysely';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-watch-sqlite-'));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

let databaseCount = 0;
const newDatabasePath = () => path.join(tempDir, `store-${++databaseCount}`, 'events.db');

const pathOfStore = new WeakMap<EventStore, string>();
async function makeFileStore(): Promise<EventStore> {
  const filePath = newDatabasePath();
  const store = await createSqliteStore({ path: filePath });
  pathOfStore.set(store, filePath);
  return store;
}

describeStoreContract('sqlite (file)', makeFileStore, {
  async reopen(store) {
    const filePath = pathOfStore.get(store)!;
    await store.close();
    const reopened = await createSqliteStore({ path: filePath });
    pathOfStore.set(reopened, filePath);
    return reopened;
  },
});

describeStoreContract('sqlite (:memory:)', () => createSqliteStore({ path: ':memory:' }));

const T0 = Date.UTC(2026, 10, 24, 13);

describe('sqlite connection', () => {
  it('opens in WAL mode with synchronous=FULL, a busy timeout and the current schema', async () => {
    const db = await openDatabase(newDatabasePath());
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(0);
      expect(db.pragma('user_version', { simple: true })).toBe(legacyVersionOf('sqlite'));
      expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(storeMigrations.map((m) => m.name));
    } finally {
      db.close();
    }
  });

  it('creates missing parent directories', async () => {
    const filePath = path.join(tempDir, 'deeply', 'nested', 'dir', 'events.db');
    const store = await createSqliteStore({ path: filePath });
    await store.close();
    expect(fs.existsSync(filePath)).toBe(true);
  });

  it('refuses a database written by a newer schema, counted the old way or recorded by the migrator', async () => {
    const counted = newDatabasePath();
    (await openDatabase(counted)).close();
    const db = new Database(counted);
    db.pragma(`user_version = ${legacyVersionOf('sqlite') + 1}`);
    db.close();
    await expect(openDatabase(counted)).rejects.toThrow(/newer than this build understands/);

    const recorded = newDatabasePath();
    (await openDatabase(recorded)).close();
    const newer = new Database(recorded);
    newer.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('9999-from-a-newer-build', new Date().toISOString());
    newer.close();
    await expect(openDatabase(recorded)).rejects.toThrow(/newer than this build understands/);
  });

  it('keeps everything when reopened by a fresh connection (WAL checkpointed or not)', async () => {
    const filePath = newDatabasePath();
    const store = await createSqliteStore({ path: filePath });
    await store.ingest([sessionSyncItem('s1', 1, T0, { title: 'Kept' }), tokenUsageItem('s1', 2, T0, { prompt_tokens: 9, completion_tokens: 1 })]);
    // Read through an independent connection while the store is still open: the commit is visible.
    const reader = new Database(filePath, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
    reader.close();
    await store.close();
    const reopened = await createSqliteStore({ path: filePath });
    expect(await reopened.getSession('s1')).toMatchObject({ title: 'Kept', prompt_tokens: 9, event_count: 2 });
    await reopened.close();
  });
});

describe('sqlite durability', () => {
  it('keeps every acknowledged batch when the process is killed with SIGKILL', async () => {
    const filePath = newDatabasePath();
    // A writer in its own process, printing each batch's ack once ingest() resolves. It stops
    // by itself after 50k events, so a failing test can never leave it running.
    const writer = `
      const { createSqliteStore } = await import(${JSON.stringify(new URL('./sqlite-store.ts', import.meta.url).href)});
      const { makeItem } = await import(${JSON.stringify(new URL('../../test-support/store-test-events.ts', import.meta.url).href)});
      const store = await createSqliteStore({ path: ${JSON.stringify(filePath)} });
      for (let seq = 1; seq <= 50_000; ) {
        const batch = Array.from({ length: 100 }, () => makeItem('text_complete', 'killed', seq++, ${T0}));
        await store.ingest(batch);
        process.stdout.write('acked ' + (seq - 1) + '\\n');
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lastAcked = await new Promise<number>((resolve, reject) => {
      let acked = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/acked (\d+)/g)) acked = Number(match[1]);
        if (acked >= 3000) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer exited early: ${stderr}`))));
    });

    const store = await createSqliteStore({ path: filePath });
    const summary = await store.getSession('killed');
    expect(summary!.stored_event_count).toBeGreaterThanOrEqual(lastAcked);
    const stored = await store.eventsAfter(0, ['killed'], 100_000);
    expect(stored.map((record) => record.event.seq).slice(0, lastAcked)).toEqual(Array.from({ length: lastAcked }, (_, i) => i + 1));
    await store.close();
  });
});

describe('sqlite ingest', () => {
  it('rolls back a failing batch entirely: no rows, no rollup, no summary change', async () => {
    const filePath = newDatabasePath();
    const store = await createSqliteStore({ path: filePath });
    await store.ingest([makeItem('text_complete', 's1', 1, T0)]);
    const before = await store.getSession('s1');
    const good = tokenUsageItem('s1', 2, T0, { prompt_tokens: 5, completion_tokens: 5 });
    // A token_usage without a model cannot come through the parser, but a bug could build one: NOT NULL refuses it.
    const broken: IngestItem = { ...good, event: { ...good.event, seq: 3, model: undefined } as unknown as IngestItem['event'] };
    await expect(store.ingest([good, broken])).rejects.toThrow(/NOT NULL/);
    expect(await store.getSession('s1')).toEqual(before);
    expect(await store.headCursor()).toBe(1);
    expect(await store.usage(usageQuerySchema.parse({}))).toEqual([]);
    // The same good event is then accepted as new, under the cursor the failed batch never made visible.
    const retry = await store.ingest([good]);
    expect(retry.outcomes).toEqual([{ kind: 'stored', cursor: 2 }]);
    expect(await store.usage(usageQuerySchema.parse({}))).toMatchObject([{ prompt_tokens: 5, calls: 1 }]);
    await store.close();
  });

  it('keeps the hourly rollup and the sessions columns in step with the rows', async () => {
    const filePath = newDatabasePath();
    const store = await createSqliteStore({ path: filePath });
    const items = Array.from({ length: 50 }, (_, i) =>
      tokenUsageItem(`s${i % 3}`, i + 1, T0 + i * 7 * 60_000, { source: i % 2 ? 'root' : 'rlm_subcall', prompt_tokens: i * 10, completion_tokens: i }),
    );
    await store.ingest(items.slice(0, 30));
    await store.ingest(items.slice(20));
    await store.close();

    const db = new Database(filePath, { readonly: true });
    const sums = 'SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c';
    const rawPerHour = db
      .prepare(`SELECT (ts_ms / 3600000) * 3600000 AS h, source, model, ${sums}, COUNT(*) AS n FROM token_usage GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
      .all();
    expect(rawPerHour.length).toBeGreaterThan(1);
    expect(db.prepare(`SELECT hour_ms AS h, source, model, ${sums}, SUM(calls) AS n FROM usage_hourly GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all()).toEqual(rawPerHour);
    expect(db.prepare(`SELECT hour_ms AS h, source, model, ${sums}, SUM(calls) AS n FROM usage_model_hourly GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all()).toEqual(rawPerHour);
    const rows = db.prepare('SELECT * FROM sessions ORDER BY session_id').all() as Record<string, unknown>[];
    for (const row of rows) {
      const summary = JSON.parse(row.summary_json as string);
      expect(row).toMatchObject({
        status: summary.status, first_seen_ms: summary.first_seen_ms, last_seen_ms: summary.last_seen_ms,
        total_tokens: summary.prompt_tokens + summary.completion_tokens, event_count: summary.event_count,
      });
    }
    db.close();
  });

  it('hands out copies of its cached summaries', async () => {
    const store = await createSqliteStore({ path: ':memory:' });
    const { sessions } = await store.ingest([tokenUsageItem('s1', 1, T0, { prompt_tokens: 10, completion_tokens: 1 })]);
    sessions[0]!.prompt_tokens = 999;
    sessions[0]!.tokens_by_source.root!.calls = 999;
    (await store.getSession('s1'))!.title = 'scribbled';
    expect(await store.getSession('s1')).toMatchObject({ prompt_tokens: 10, title: null, tokens_by_source: { root: { calls: 1 } } });
    await store.close();
  });

  it('stays correct when the summary cache is smaller than the set of sessions', async () => {
    const db = await openDatabase(':memory:');
    const sessions = new SessionTable(db, sqliteStoreSql(db), 2);
    for (const id of ['a', 'b', 'c', 'd']) {
      const summary = emptySummary(id, T0);
      foldEventInto(summary, makeItem('text_complete', id, 1, T0));
      sessions.write(summary);
      sessions.remember(summary);
    }
    expect(['a', 'b', 'c', 'd'].map((id) => sessions.get(id)?.event_count)).toEqual([1, 1, 1, 1]);
    db.close();
  });
});

describe('sqlite multi-row ingest', () => {
  it('gives the cursors and duplicates that one insert per event would, across statement boundaries', async () => {
    const tu = (session: string, seq: number) => tokenUsageItem(session, seq, T0 + seq, { prompt_tokens: seq, completion_tokens: 1 });
    const first = [1, 5, 70, 130].map((seq) => tu('s1', seq));
    // 200 items, several statements' worth: already stored ones, repeats within one statement
    // and across statements, and events without a typed row in between.
    const items = Array.from({ length: 200 }, (_, i) =>
      i % 7 === 3 ? makeItem('text_complete', 's2', 1000 + i, T0) : tu(i % 2 === 0 ? 's1' : 's2', Math.floor(i / 2) + 1),
    );
    items.splice(10, 0, tu('s2', 3));
    items.splice(150, 0, tu('s1', 40));

    const batched = await createSqliteStore({ path: ':memory:' });
    await batched.ingest(first);
    const outcomes = (await batched.ingest(items)).outcomes;
    // The reference: one event per batch, so one row per statement.
    const oneByOne = await createSqliteStore({ path: ':memory:' });
    for (const item of first) await oneByOne.ingest([item]);
    const expected = [];
    for (const item of items) expected.push(...(await oneByOne.ingest([item])).outcomes);
    expect(outcomes).toEqual(expected);
    // s1#1, s1#5 and s1#70 were stored before; s2#3 and s1#40 come twice.
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(5);

    // Each typed row carries its own event's cursor, and the same rows exist either way.
    const stored = await batched.eventsAfter(0, null, 1000);
    const usage = await batched.tokenUsage(tokenUsageQuerySchema.parse({ limit: '5000' }));
    const byCursor = new Map(stored.map((r) => [r.cursor, `${r.event.session_id}#${r.event.seq}`]));
    expect(usage.records.map((r) => `${r.session_id}#${r.seq}`)).toEqual(usage.records.map((r) => byCursor.get(r.cursor)));
    expect(usage).toEqual(await oneByOne.tokenUsage(tokenUsageQuerySchema.parse({ limit: '5000' })));
    await batched.close();
    await oneByOne.close();
  });
});

describe('usage source selection', () => {
  const query = (q: Record<string, string>) => usageQuerySchema.parse(q);
  let db: Database.Database;
  let storeSql: ReturnType<typeof sqliteStoreSql>;
  beforeAll(async () => {
    db = await openDatabase(inMemoryPath);
    storeSql = sqliteStoreSql(db);
  });
  afterAll(() => db.close());
  const compiled = (q: Record<string, string>) => usageQuery(storeSql, query(q)).compile();

  it.each([
    [{}, 'usage_model_hourly'],
    [{ bucket: '1h', group_by: 'source,model' }, 'usage_model_hourly'],
    [{ bucket: '1d', from: String(T0), to: String(T0 + 3_600_000) }, 'usage_model_hourly'],
    [{ bucket: '1h', group_by: 'session' }, 'usage_hourly'],
    [{ bucket: '1h', group_by: 'agent' }, 'usage_hourly'],
    [{ session: 'a,b' }, 'usage_hourly'],
    [{ agent: 'build' }, 'usage_hourly'],
    [{ bucket: '30m' }, 'token_usage'],
    [{ bucket: '90m' }, 'token_usage'],
    [{ bucket: '1h', from: String(T0 + 1) }, 'token_usage'],
    [{ to: String(T0 - 60_000) }, 'token_usage'],
  ])('reads %o from %s', (q, table) => {
    expect(canUseHourlyRollup(query(q))).toBe(table !== 'token_usage');
    expect(compiled(q).sql).toMatch(new RegExp(`from "${table}" as "u"( |$)`));
  });

  it("reaches a session's raw rows through events_by_session, events outermost", () => {
    const { sql, parameters } = compiled({ session: 'a,b', bucket: '30m' });
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[];
    const scans = plan.map((step) => step.detail).filter((detail) => /^(SCAN|SEARCH) [et] /.test(detail));
    expect(scans[0]).toMatch(/^SEARCH e USING (COVERING )?INDEX events_by_session/);
    expect(scans[1]).toMatch(/^SEARCH t USING INTEGER PRIMARY KEY/);
  });
});

describe('raw insert ceiling', () => {
  it('inserts every item into a fresh events table and reports a rate', () => {
    const filePath = newDatabasePath();
    const items = Array.from({ length: 500 }, (_, i) => makeItem('text_complete', `s${i % 5}`, i + 1, T0 + i));
    const eventsPerSecond = measureRawInsertCeiling(filePath, items, 100);
    expect(eventsPerSecond).toBeGreaterThan(0);
    const db = new Database(filePath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 500 });
    db.close();
    expect(() => measureRawInsertCeiling(filePath, items, 100)).toThrow(/new database file/);
  });
});

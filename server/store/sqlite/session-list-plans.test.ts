import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionListQuerySchema } from '#protocol/api-queries';
import type { SessionList } from '#protocol/api-schemas';
import { sessionActivityKinds } from '#protocol/session-activity';
import { sessionList } from '../session-list-query';
import { emptySummary } from '../session-summary';
import type { StoreSql } from '../store-sql';
import { inMemoryPath, openDatabase } from './open-database';
import { sqliteStoreSql } from './sqlite-kysely';

// The shared listing (../session-list-query.ts) as SQLite plans it over a fleet with
// statistics: the pages and counts the fleet overview asks for most read along the
// indexes the migrations made for them, never the whole table sorted.

const NOW = 1_780_000_000_000;
const minute = 60_000;
const clock = { nowMs: NOW, abandonedAfterMs: 30 * minute };

/** A listing run as the store runs it, statement by statement: its reply and each statement's query plan (one line per step). */
function listed(db: Database.Database, store: StoreSql, q: Record<string, string>): { plans: string[]; reply: SessionList } {
  const steps = sessionList(store, sessionListQuerySchema.parse(q), clock);
  const plans: string[] = [];
  let step = steps.next();
  while (!step.done) {
    const parameters = step.value.parameters as unknown[];
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${step.value.sql}`).all(...parameters) as { detail: string }[];
    plans.push(plan.map((line) => line.detail).join('\n'));
    step = steps.next({ rows: db.prepare(step.value.sql).all(...parameters), changes: 0 });
  }
  return { plans, reply: step.value };
}

describe('session listing plans (SQLite)', () => {
  let db: Database.Database;
  let store: StoreSql;

  beforeAll(async () => {
    db = await openDatabase(inMemoryPath);
    store = sqliteStoreSql(db);
    const insert = db.prepare(
      `INSERT INTO sessions (session_id, title, agent, model, status, activity, first_seen_ms, last_seen_ms, total_tokens, event_count, summary_json, cost_usd)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Mostly ended, a quarter not; one in ten unpriced.
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        const status = i % 20 < 14 ? 'done' : i % 20 === 14 ? 'error' : 'active';
        const activity = status === 'active' ? sessionActivityKinds[i % sessionActivityKinds.length]! : 'idle';
        // The ended over a week; those not ended within the last 40 minutes, so most are not abandoned.
        const lastSeen = NOW - ((i * 7919) % (status === 'active' ? 40 : 7 * 24 * 60)) * minute;
        const id = `s-${String(i).padStart(5, '0')}`;
        insert.run(id, `Task ${i}`, `agent-${i % 5}`, `m/${i % 6}`, status, activity, lastSeen - 5 * minute, lastSeen, i * 31, 40 + (i % 400), JSON.stringify(emptySummary(id, lastSeen)), i % 10 === 0 ? null : (i % 997) / 10);
      }
    })();
    db.exec('ANALYZE');
  });
  afterAll(() => db.close());

  it('reads the default page along the last-seen index and every count along an index', () => {
    const [page, ...counts] = listed(db, store, {}).plans;
    expect(page).toMatch(/^SCAN sessions USING INDEX sessions_by_last_seen/);
    expect(counts).toHaveLength(3);
    for (const count of counts) expect(count).toMatch(/USING COVERING INDEX/);
  });

  it('reads a status filter by searching an index led by status, never scanning the table', () => {
    const [page] = listed(db, store, { status: 'active' }).plans;
    // Which of the two depends on the statistics; both range over status = 'active' alone.
    expect(page).toMatch(/SEARCH sessions USING INDEX sessions_by_(present|status_cost) \(status=\?/);
    expect(page).not.toMatch(/^SCAN sessions/m);
  });

  it('reads "what is running, dearest first" in index order, without a sort, on every page', () => {
    const first = listed(db, store, { status: 'active', sort: 'cost', limit: '50' });
    expect(first.reply.sessions).toHaveLength(50);
    const second = listed(db, store, { status: 'active', sort: 'cost', limit: '50', cursor: first.reply.next_cursor! });
    for (const { plans } of [first, second]) expect(plans[0]).toBe('SEARCH sessions USING INDEX sessions_by_status_cost (status=?)');
  });

  it('sorts by cost ascending, unpriced last, along the cost index', () => {
    const [page] = listed(db, store, { sort: 'cost', order: 'asc' }).plans;
    expect(page).toBe('SCAN sessions USING INDEX sessions_by_cost');
  });
});

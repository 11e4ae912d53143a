import type pg from 'pg';
import type { EventSearchPage, SessionSummary } from '#protocol/api-schemas';
import type { StoreState } from '#protocol/health-schemas';
import type { SessionEventSearchQuery, UsageQuery } from '#protocol/api-queries';
import type { EventStore, IngestBatchResult, SessionCostColumns, UsageTotalsRow } from '../event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { demoSessionsOf, type DemoDataRemoval } from '../demo-sessions';
import { foldBatch, isStorable } from '../ingest-fold';
import { emptySummary } from '../session-summary';
import { BatchContextSamples, lastSamplesOf, sessionsEstimating } from '../context-sampling';
import { markDemoSessions, removeDemoData } from '../demo-queries';
import { countSessions, summariesOf, summaryOf, writeSessionCosts } from '../session-queries';
import type { SqlSteps } from '../sql-steps';
import { storeEvents } from './pg-event-writer';
import * as events from '../event-queries';
import { usage } from '../usage-query';
import type { StoreSql } from '../store-sql';
import { StoreReads } from '../store-reads';
import { postgresStoreSql, runStepsOn } from './pg-kysely';
import { writeSummaries } from './pg-session-table';
import { inTransaction, openPool } from './open-pool';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Most connections the store opens (TETHER_PG_POOL). */
  poolSize: number;
}

/**
 * Every replica's ingest transaction takes this lock first, so batches commit one
 * at a time, in the order they took their cursors: commit order is cursor order,
 * and a reader that has seen cursor N will never later see a smaller one appear.
 */
const ingestLockKey = 0x7465_7468_6572; // "tether"

/** The scaled EventStore: one PostgreSQL database, shared by any number of replicas. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<EventStore> {
  return new PostgresStore(await openPool(options));
}

class PostgresStore extends StoreReads implements EventStore {
  readonly kind = 'postgres';
  // A lost connection fails the batch (retryable) on its own; there is no file to lose.
  private readonly writable: StoreState = Object.freeze({ writable: true, problem: null });

  state(): StoreState {
    return this.writable;
  }
  private closed: Promise<void> | null = null;

  /** The reads both stores share (../store-sql.ts). */
  protected readonly sql: StoreSql;

  constructor(private readonly pool: pg.Pool) {
    super();
    this.sql = postgresStoreSql(pool);
  }

  async ingest(items: IngestItem[]): Promise<IngestBatchResult> {
    if (items.length === 0) return { outcomes: [], sessions: [], headBefore: await events.headCursor(this.sql) };
    const client = await this.pool.connect();
    // A connection that cannot even roll back is broken: the pool must not hand it out again.
    let broken = false;
    try {
      // One round trip: open the transaction, wait for the other writers, read the head they left.
      const opened = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${ingestLockKey}); SELECT COALESCE(MAX(cursor), 0) AS head FROM events`,
      )) as unknown as pg.QueryResult<{ head: number }>[];
      const headBefore = opened[2]!.rows[0]!.head;
      const result = await this.ingestInTransaction(client, items, headBefore);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * As in the SQLite store: stored events go in first, all together; then each session
   * is read once (from the database, never a cache: another replica may have changed it
   * since), folded in item order (../ingest-fold.ts), and written once at the end.
   */
  private async ingestInTransaction(client: pg.PoolClient, items: IngestItem[], headBefore: number): Promise<IngestBatchResult> {
    // The summaries first: which usage counts depends on each session's usage origin (../usage-origin.ts).
    const committed = await runStepsOn(client, summariesOf(this.sql, [...new Set(items.map((item) => item.event.session_id))]));
    // Marked before the rows go in: their usage must stay out of the session-less rollup.
    const demo = demoSessionsOf(items, (sessionId) => committed.get(sessionId)?.producer);
    await runStepsOn(client, markDemoSessions(this.sql, demo.newlyMarked));
    const cursors = await storeEvents(client, this.sql, items.filter(isStorable), (sessionId) => committed.get(sessionId)?.usage_origin ?? null, demo.demo);
    // Nothing is remembered between batches: another replica may have kept a sample since.
    const lastSamples = await runStepsOn(client, lastSamplesOf(this.sql, sessionsEstimating(items)));
    const contextSamples = new BatchContextSamples((sessionId) => lastSamples.get(sessionId) ?? null);
    const { outcomes, touched } = foldBatch(
      items,
      cursors,
      (item) => committed.get(item.event.session_id) ?? emptySummary(item.event.session_id, item.tsMs),
      (item) => contextSamples.offer(item),
    );
    await writeSummaries(client, touched);
    await runStepsOn(client, contextSamples.write(this.sql));
    // Nothing else holds these objects (no cache), so the caller may keep them as they are.
    return { outcomes, sessions: touched, headBefore };
  }

  sessionCount(): Promise<number> {
    return countSessions(this.sql);
  }

  /** On one client, in a read-only repeatable-read transaction: one snapshot for every statement. */
  protected readSnapshot<T>(steps: SqlSteps<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return runStepsOn(client, steps);
    });
  }

  writeSessionCosts(costs: ReadonlyMap<string, SessionCostColumns>): Promise<void> {
    return runStepsOn(this.pool, writeSessionCosts(this.sql, costs));
  }

  getSession(sessionId: string): Promise<SessionSummary | null> {
    return runStepsOn(this.pool, summaryOf(this.sql, sessionId));
  }

  async searchEvents(sessionId: string, query: SessionEventSearchQuery): Promise<EventSearchPage> {
    const summary = await this.getSession(sessionId);
    return events.searchEvents(this.sql, sessionId, query, summary?.stored_event_count ?? 0);
  }

  usage(query: UsageQuery): Promise<UsageTotalsRow[]> {
    return usage(this.sql, query);
  }

  /** In one transaction holding the ingest lock, so no batch of a demo session commits half-way through it. */
  removeDemoData(): Promise<DemoDataRemoval> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [ingestLockKey]);
      return runStepsOn(client, removeDemoData(this.sql));
    });
  }

  close(): Promise<void> {
    return (this.closed ??= this.pool.end());
  }
}

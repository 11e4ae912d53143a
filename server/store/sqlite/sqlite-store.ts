import type Database from 'better-sqlite3';
import type { EventSearchPage, SessionSummary } from '#protocol/api-schemas';
import type { StoreState } from '#protocol/health-schemas';
import type { SessionEventSearchQuery, UsageQuery } from '#protocol/api-queries';
import type { EventStore, IngestBatchResult, SessionCostColumns, UsageTotalsRow } from '../event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { demoSessionsOf, type DemoDataRemoval } from '../demo-sessions';
import { foldBatch, isStorable } from '../ingest-fold';
import * as events from '../event-queries';
import { usageQuery } from '../usage-query';
import type { StoreSql } from '../store-sql';
import { StoreReads } from '../store-reads';
import { cloneSummary, emptySummary } from '../session-summary';
import type { SqlSteps } from '../sql-steps';
import { BatchContextSamples, lastSamplesOf, sessionsEstimating } from '../context-sampling';
import { markDemoSessions, removeDemoData } from '../demo-queries';
import { EventWriter } from './event-writer';
import { DatabaseFileLostError, DatabaseFileWatch } from './database-file-watch';
import { lockDatabase, type DatabaseLock } from './database-lock';
import { inMemoryPath, openDatabase } from './open-database';
import { SessionTable } from './session-table';
import { runSteps, sqliteStoreSql } from './sqlite-kysely';
import { StatementCache } from './sql-builder';
import { readUsageRows } from './usage-raw-rows';

export interface SqliteStoreOptions {
  /** Database file (its directory is created if missing), or ':memory:'. */
  path: string;
}

/**
 * The embedded EventStore: one SQLite file, one writer (this process). A file another
 * process has open as a store is refused (DatabaseInUseError names it): see database-lock.ts.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<EventStore> {
  const lock = options.path === inMemoryPath ? null : lockDatabase(options.path);
  let db: Database.Database | null = null;
  try {
    db = await openDatabase(options.path);
    return new SqliteStore(db, lock, options.path === inMemoryPath ? null : new DatabaseFileWatch(options.path));
  } catch (err) {
    db?.close();
    lock?.release();
    throw err;
  }
}

/** A batch's result, with the context samples it kept (remembered once it commits). */
type CommittedBatch = IngestBatchResult & { contextSamples: BatchContextSamples };

const writable: StoreState = Object.freeze({ writable: true, problem: null });

class SqliteStore extends StoreReads implements EventStore {
  readonly kind = 'sqlite';
  private readonly writer: EventWriter;
  private readonly sessions: SessionTable;
  /** The reads both stores share (../store-sql.ts). */
  protected readonly sql: StoreSql;
  /** The statements of the shared steps (../sql-steps.ts) this store runs synchronously. */
  private readonly statements: StatementCache;
  private readonly usageStatements: StatementCache;
  /**
   * The last kept context sample per session, as committed (../context-sampling.ts). A
   * session not seen since the store opened is looked up once, so a restart does not
   * sample twice within the interval.
   */
  private readonly lastContextSample = new Map<string, number>();
  private readonly removeDemoTransaction: () => DemoDataRemoval;
  private readonly ingestTransaction: (items: IngestItem[]) => CommittedBatch;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly lock: DatabaseLock | null,
    private readonly fileWatch: DatabaseFileWatch | null,
  ) {
    super();
    this.sql = sqliteStoreSql(db);
    this.writer = new EventWriter(db, this.sql);
    this.sessions = new SessionTable(db, this.sql);
    this.statements = new StatementCache(db);
    this.usageStatements = new StatementCache(db);
    this.ingestTransaction = db.transaction((items: IngestItem[]) => this.ingestInTransaction(items));
    this.removeDemoTransaction = db.transaction(() => runSteps(this.statements, removeDemoData(this.sql)));
  }

  state(): StoreState {
    return this.fileWatch?.state() ?? writable;
  }

  async ingest(items: IngestItem[]): Promise<IngestBatchResult> {
    if (items.length === 0) return { outcomes: [], sessions: [], headBefore: this.writer.headCursor() };
    this.refuseIfFileLost();
    let result: CommittedBatch;
    try {
      // better-sqlite3 is synchronous: when the COMMIT returns, the batch is on disk (synchronous=FULL).
      result = this.ingestTransaction(items);
    } catch (err) {
      // A batch rolled back: its context samples never happened either.
      this.writer.discardPending();
      throw err;
    }
    for (const [sessionId, tsMs] of result.contextSamples.kept) this.lastContextSample.set(sessionId, tsMs);
    // Committed into a file deleted meanwhile is not durable: refused (retryable) like the next ones, never acknowledged.
    this.refuseIfFileLost();
    // Only a committed batch may reach the cache; a failed one leaves it as it was. The
    // caller gets copies, so nothing it does to them can reach the cache.
    for (const summary of result.sessions) this.sessions.remember(summary);
    return { outcomes: result.outcomes, sessions: result.sessions.map(cloneSummary), headBefore: result.headBefore };
  }

  /**
   * Stored events go in first, all together (their cursors and duplicates do not depend
   * on the summaries). Then each session is copied from the cache once per batch (its
   * draft), folded in item order (../ingest-fold.ts), and written once at the end.
   */
  private refuseIfFileLost(): void {
    const state = this.fileWatch?.check();
    if (state !== undefined && !state.writable) throw new DatabaseFileLostError(state);
  }

  private ingestInTransaction(items: IngestItem[]): CommittedBatch {
    const headBefore = this.writer.headCursor();
    const storable = items.filter(isStorable);
    // Marked before the rows go in: their usage must stay out of the session-less rollup.
    const demo = demoSessionsOf(items, (sessionId) => this.sessions.get(sessionId)?.producer);
    runSteps(this.statements, markDemoSessions(this.sql, demo.newlyMarked));
    const cursors = this.writer.storeEvents(storable, (sessionId) => this.sessions.get(sessionId)?.usage_origin ?? null, demo.demo);
    const contextSamples = this.contextSamplesOf(items);
    const { outcomes, touched } = foldBatch(
      items,
      cursors,
      (item) => {
        const committed = this.sessions.get(item.event.session_id);
        return committed === null ? emptySummary(item.event.session_id, item.tsMs) : cloneSummary(committed);
      },
      (item) => contextSamples.offer(item),
    );
    this.writer.flushHourlyUsage();
    for (const summary of touched) this.sessions.write(summary);
    runSteps(this.statements, contextSamples.write(this.sql));
    return { outcomes, sessions: touched, headBefore, contextSamples };
  }

  /** A batch's context samples, knowing each session's last kept one (read once for a session not seen since the store opened). */
  private contextSamplesOf(items: IngestItem[]): BatchContextSamples {
    const unknown = sessionsEstimating(items).filter((sessionId) => !this.lastContextSample.has(sessionId));
    if (unknown.length > 0) {
      // Samples committed before this batch: true whether or not it commits.
      for (const [sessionId, tsMs] of runSteps(this.statements, lastSamplesOf(this.sql, unknown))) this.lastContextSample.set(sessionId, tsMs);
    }
    // The batch's own samples count here only once it commits (ingest).
    return new BatchContextSamples((sessionId) => this.lastContextSample.get(sessionId) ?? null);
  }

  // Reads are synchronous underneath; `async` turns a thrown SQLite error into a rejection
  // (the shared reads, ../store-reads.ts, return promises of their own).

  sessionCount(): Promise<number> {
    return this.sessions.count();
  }

  /** In one read transaction, run synchronously: no batch commits between the statements. */
  protected async readSnapshot<T>(steps: SqlSteps<T>): Promise<T> {
    return this.db.transaction(() => runSteps(this.statements, steps))();
  }

  async writeSessionCosts(costs: ReadonlyMap<string, SessionCostColumns>): Promise<void> {
    this.sessions.writeCosts(costs);
  }

  async getSession(sessionId: string): Promise<SessionSummary | null> {
    const summary = this.sessions.get(sessionId);
    return summary === null ? null : cloneSummary(summary);
  }

  async searchEvents(sessionId: string, query: SessionEventSearchQuery): Promise<EventSearchPage> {
    return events.searchEvents(this.sql, sessionId, query, this.sessions.get(sessionId)?.stored_event_count ?? 0);
  }

  async usage(query: UsageQuery): Promise<UsageTotalsRow[]> {
    return readUsageRows(this.usageStatements, usageQuery(this.sql, query).compile());
  }

  async removeDemoData(): Promise<DemoDataRemoval> {
    this.refuseIfFileLost();
    const removed = this.removeDemoTransaction();
    this.sessions.forget(removed.sessionIds);
    return removed;
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.fileWatch?.stop();
      this.db.close();
      this.lock?.release();
    }
    return Promise.resolve();
  }
}

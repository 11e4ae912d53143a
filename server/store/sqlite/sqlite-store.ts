import type Database from 'better-sqlite3';
import type { Budget, CompactionRecord, CompactionStats, ContextSeries, EventPage, EventSearchPage, RlmFallbackRecord, RlmStats, RlmCompletionRecord, SessionList, SessionSummary, StoredEventRecord, TokenUsageRecord } from '../../../src/protocol/api-schemas';
import type { StoreState } from '../../../src/protocol/health-schemas';
import type {
  AnalyticsQuery,
  CompactionQuery,
  RlmFallbackQuery,
  RlmQuery,
  SessionEventSearchQuery,
  SessionEventsQuery,
  SessionListQuery,
  TokenUsageQuery,
  UsageQuery,
} from '../../../src/protocol/api-queries';
import type { EventStore, IngestBatchResult, Page, SessionCostColumns, UsageTotalsRow } from '../event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import { defaultStatusClock, type StatusClock } from '../session-list-plan';
import { demoSessionsOf, type DemoDataRemoval } from '../demo-sessions';
import { foldBatch, isStorable } from '../ingest-fold';
import * as analytics from '../analytics-queries';
import * as events from '../event-queries';
import * as records from '../record-queries';
import { usageQuery } from '../usage-query';
import type { StoreSql } from '../store-sql';
import { cloneSummary, emptySummary } from '../session-summary';
import { BudgetTable } from './budget-table';
import { ContextSampler } from './context-sampler';
import { EventWriter } from './event-writer';
import { DemoTable } from './demo-table';
import { DatabaseFileLostError, DatabaseFileWatch } from './database-file-watch';
import { lockDatabase, type DatabaseLock } from './database-lock';
import { inMemoryPath, openDatabase } from './open-database';
import { SessionTable } from './session-table';
import { sqliteStoreSql } from './sqlite-kysely';
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
    db = openDatabase(options.path);
    return new SqliteStore(db, lock, options.path === inMemoryPath ? null : new DatabaseFileWatch(options.path));
  } catch (err) {
    db?.close();
    lock?.release();
    throw err;
  }
}

const writable: StoreState = Object.freeze({ writable: true, problem: null });

class SqliteStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly writer: EventWriter;
  private readonly sessions: SessionTable;
  /** The reads both stores share (../store-sql.ts). */
  private readonly sql: StoreSql;
  private readonly contextSampler: ContextSampler;
  private readonly usageStatements: StatementCache;
  private readonly budgetTable: BudgetTable;
  private readonly demoTable: DemoTable;
  private readonly ingestTransaction: (items: IngestItem[]) => IngestBatchResult;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly lock: DatabaseLock | null,
    private readonly fileWatch: DatabaseFileWatch | null,
  ) {
    this.writer = new EventWriter(db);
    this.sessions = new SessionTable(db);
    this.sql = sqliteStoreSql(db);
    this.contextSampler = new ContextSampler(db);
    this.usageStatements = new StatementCache(db);
    this.budgetTable = new BudgetTable(db);
    this.demoTable = new DemoTable(db);
    this.ingestTransaction = db.transaction((items: IngestItem[]) => this.ingestInTransaction(items));
  }

  state(): StoreState {
    return this.fileWatch?.state() ?? writable;
  }

  async ingest(items: IngestItem[]): Promise<IngestBatchResult> {
    if (items.length === 0) return { outcomes: [], sessions: [], headBefore: this.writer.headCursor() };
    this.refuseIfFileLost();
    let result: IngestBatchResult;
    try {
      // better-sqlite3 is synchronous: when the COMMIT returns, the batch is on disk (synchronous=FULL).
      result = this.ingestTransaction(items);
    } catch (err) {
      this.writer.discardPending();
      this.contextSampler.discard();
      throw err;
    }
    this.contextSampler.commit();
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

  private ingestInTransaction(items: IngestItem[]): IngestBatchResult {
    const headBefore = this.writer.headCursor();
    const storable = items.filter(isStorable);
    // Marked before the rows go in: their usage must stay out of the session-less rollup.
    const demo = demoSessionsOf(items, (sessionId) => this.sessions.get(sessionId)?.producer);
    this.demoTable.mark(demo.newlyMarked);
    const cursors = this.writer.storeEvents(storable, (sessionId) => this.sessions.get(sessionId)?.usage_origin ?? null, demo.demo);
    const { outcomes, touched } = foldBatch(
      items,
      cursors,
      (item) => {
        const committed = this.sessions.get(item.event.session_id);
        return committed === null ? emptySummary(item.event.session_id, item.tsMs) : cloneSummary(committed);
      },
      (item) => this.contextSampler.offer(item),
    );
    this.writer.flushHourlyUsage();
    for (const summary of touched) this.sessions.write(summary);
    return { outcomes, sessions: touched, headBefore };
  }

  // Reads are synchronous underneath; `async` turns a thrown SQLite error into a rejection
  // (the shared reads through ../store-sql.ts return promises of their own).

  headCursor(): Promise<number> {
    return events.headCursor(this.sql);
  }

  async sessionCount(): Promise<number> {
    return this.sessions.count();
  }

  async listSessions(query: SessionListQuery, clock: StatusClock = defaultStatusClock()): Promise<SessionList> {
    return this.sessions.list(query, clock);
  }

  async writeSessionCosts(costs: ReadonlyMap<string, SessionCostColumns>): Promise<void> {
    this.sessions.writeCosts(costs);
  }

  async getSession(sessionId: string): Promise<SessionSummary | null> {
    const summary = this.sessions.get(sessionId);
    return summary === null ? null : cloneSummary(summary);
  }

  sessionEvents(sessionId: string, query: SessionEventsQuery): Promise<EventPage> {
    return events.sessionEvents(this.sql, sessionId, query);
  }

  async searchEvents(sessionId: string, query: SessionEventSearchQuery): Promise<EventSearchPage> {
    return events.searchEvents(this.sql, sessionId, query, this.sessions.get(sessionId)?.stored_event_count ?? 0);
  }

  eventsAfter(after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]> {
    return events.eventsAfter(this.sql, after, sessionIds, limit);
  }

  tokenUsage(query: TokenUsageQuery): Promise<Page<TokenUsageRecord>> {
    return records.tokenUsage(this.sql, query);
  }

  async usage(query: UsageQuery): Promise<UsageTotalsRow[]> {
    return readUsageRows(this.usageStatements, usageQuery(this.sql, query).compile());
  }

  rlmCompletions(query: RlmQuery): Promise<Page<RlmCompletionRecord>> {
    return records.rlmCompletions(this.sql, query);
  }

  compactions(query: CompactionQuery): Promise<Page<CompactionRecord>> {
    return records.compactions(this.sql, query);
  }

  rlmFallbacks(query: RlmFallbackQuery): Promise<Page<RlmFallbackRecord>> {
    return records.rlmFallbacks(this.sql, query);
  }

  rlmStats(query: AnalyticsQuery): Promise<RlmStats> {
    return analytics.rlmStats(this.sql, query);
  }

  compactionStats(query: AnalyticsQuery): Promise<CompactionStats> {
    return analytics.compactionStats(this.sql, query);
  }

  contextSeries(sessionId: string): Promise<ContextSeries> {
    return analytics.contextSeries(this.sql, sessionId);
  }

  async budgets(): Promise<Record<string, Budget>> {
    return this.budgetTable.all();
  }

  async setBudget(sessionId: string, budget: Budget): Promise<void> {
    this.budgetTable.set(sessionId, budget);
  }

  async demoSessionCount(): Promise<number> {
    return this.demoTable.count();
  }

  async removeDemoData(): Promise<DemoDataRemoval> {
    this.refuseIfFileLost();
    const removed = this.demoTable.remove();
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

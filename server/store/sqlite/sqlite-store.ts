import type Database from 'better-sqlite3';
import type {
  CompactionRecord,
  EventPage,
  RlmCompletionRecord,
  SessionList,
  SessionSummary,
  StoredEventRecord,
  TokenUsageRecord,
  UsageRow,
} from '../../../src/protocol/api-schemas';
import type {
  CompactionQuery,
  RlmQuery,
  SessionEventsQuery,
  SessionListQuery,
  TokenUsageQuery,
  UsageQuery,
} from '../../../src/protocol/api-queries';
import type { EventStore, IngestBatchResult, IngestItem, IngestOutcome, Page } from '../event-store';
import { cloneSummary, emptySummary, foldEventInto } from '../session-summary';
import { EventQueries } from './event-queries';
import { EventWriter } from './event-writer';
import { openDatabase } from './open-database';
import { RecordQueries } from './record-queries';
import { SessionTable } from './session-table';
import { StatementCache } from './sql-builder';
import { buildUsageSql, toUsageRows, type UsageSqlRow } from './usage-query';

export interface SqliteStoreOptions {
  /** Database file (its directory is created if missing), or ':memory:'. */
  path: string;
}

const storedOutcome = (cursor: number): IngestOutcome => ({ kind: 'stored', cursor });
// Shared by every item they describe, so frozen: a caller cannot alter another item's outcome.
const liveOutcome: IngestOutcome = Object.freeze({ kind: 'live' });
const duplicateOutcome: IngestOutcome = Object.freeze({ kind: 'duplicate' });

/** Durable and history events of a known type are stored; the rest only travel live. */
const isStorable = (item: IngestItem): boolean => item.known && item.eventClass !== 'ephemeral';

/** The embedded EventStore: one SQLite file, one writer (this process). */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<EventStore> {
  const db = openDatabase(options.path);
  try {
    return new SqliteStore(db);
  } catch (err) {
    db.close();
    throw err;
  }
}

class SqliteStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly writer: EventWriter;
  private readonly sessions: SessionTable;
  private readonly events: EventQueries;
  private readonly records: RecordQueries;
  private readonly usageStatements: StatementCache;
  private readonly ingestTransaction: (items: IngestItem[]) => IngestBatchResult;
  private closed = false;

  constructor(private readonly db: Database.Database) {
    this.writer = new EventWriter(db);
    this.sessions = new SessionTable(db);
    this.events = new EventQueries(db);
    this.records = new RecordQueries(db);
    this.usageStatements = new StatementCache(db);
    this.ingestTransaction = db.transaction((items: IngestItem[]) => this.ingestInTransaction(items));
  }

  async ingest(items: IngestItem[]): Promise<IngestBatchResult> {
    if (items.length === 0) return { outcomes: [], sessions: [], headBefore: this.events.headCursor() };
    let result: IngestBatchResult;
    try {
      // better-sqlite3 is synchronous: when the COMMIT returns, the batch is on disk (synchronous=FULL).
      result = this.ingestTransaction(items);
    } catch (err) {
      this.writer.discardPending();
      throw err;
    }
    // Only a committed batch may reach the cache; a failed one leaves it as it was. The
    // caller gets copies, so nothing it does to them can reach the cache.
    for (const summary of result.sessions) this.sessions.remember(summary);
    return { outcomes: result.outcomes, sessions: result.sessions.map(cloneSummary), headBefore: result.headBefore };
  }

  /**
   * Stored events go in first, all together (their cursors and duplicates do not depend
   * on the summaries). Then each session is copied once per batch (its draft), folded in
   * item order, and written once at the end. The stale-ephemeral rule reads the draft,
   * so it sees the items before it in the same batch.
   */
  private ingestInTransaction(items: IngestItem[]): IngestBatchResult {
    const headBefore = this.events.headCursor();
    const storable = items.filter(isStorable);
    const cursors = this.writer.storeEvents(storable);
    let nextStored = 0;
    const drafts = new Map<string, SessionSummary>();
    const touched = new Set<SessionSummary>();
    const outcomes: IngestOutcome[] = [];

    for (const item of items) {
      const sessionId = item.event.session_id;
      let draft = drafts.get(sessionId);
      if (draft === undefined) {
        const committed = this.sessions.get(sessionId);
        draft = committed === null ? emptySummary(sessionId, item.tsMs) : cloneSummary(committed);
        drafts.set(sessionId, draft);
      }

      if (isStorable(item)) {
        // Stored events are deduplicated by the UNIQUE (session_id, seq), even when older than last_seq.
        const cursor = cursors[nextStored++]!;
        if (cursor === null) {
          outcomes.push(duplicateOutcome);
          continue;
        }
        outcomes.push(storedOutcome(cursor));
      } else if (item.event.seq <= draft.last_seq) {
        // Not stored, so the only memory of it is last_seq: not newer means a stale resend.
        outcomes.push(duplicateOutcome);
        continue;
      } else {
        outcomes.push(liveOutcome);
      }
      foldEventInto(draft, item);
      touched.add(draft);
    }

    this.writer.flushHourlyUsage();
    for (const summary of touched) this.sessions.write(summary);
    return { outcomes, sessions: [...touched], headBefore };
  }

  // Reads are synchronous underneath; `async` turns a thrown SQLite error into a rejection.

  async headCursor(): Promise<number> {
    return this.events.headCursor();
  }

  async sessionCount(): Promise<number> {
    return this.sessions.count();
  }

  async listSessions(query: SessionListQuery): Promise<SessionList> {
    return this.sessions.list(query);
  }

  async getSession(sessionId: string): Promise<SessionSummary | null> {
    const summary = this.sessions.get(sessionId);
    return summary === null ? null : cloneSummary(summary);
  }

  async sessionEvents(sessionId: string, query: SessionEventsQuery): Promise<EventPage> {
    return this.events.sessionEvents(sessionId, query);
  }

  async eventsAfter(after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]> {
    return this.events.eventsAfter(after, sessionIds, limit);
  }

  async tokenUsage(query: TokenUsageQuery): Promise<Page<TokenUsageRecord>> {
    return this.records.tokenUsage(query);
  }

  async usage(query: UsageQuery): Promise<UsageRow[]> {
    const { sql, params } = buildUsageSql(query);
    return toUsageRows(this.usageStatements.get(sql).all(...params) as UsageSqlRow[]);
  }

  async rlmCompletions(query: RlmQuery): Promise<Page<RlmCompletionRecord>> {
    return this.records.rlmCompletions(query);
  }

  async compactions(query: CompactionQuery): Promise<Page<CompactionRecord>> {
    return this.records.compactions(query);
  }

  // TEMPORARY stubs while issue 4 lands: each helper replaces its own.
  async rlmFallbacks(): Promise<never> { throw new Error('not implemented yet'); }
  async rlmStats(): Promise<never> { throw new Error('not implemented yet'); }
  async compactionStats(): Promise<never> { throw new Error('not implemented yet'); }
  async contextSeries(): Promise<never> { throw new Error('not implemented yet'); }
  async budgets(): Promise<never> { throw new Error('not implemented yet'); }
  async setBudget(): Promise<never> { throw new Error('not implemented yet'); }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }
}

import type Database from 'better-sqlite3';
import type { SessionSummary } from '#protocol/api-schemas';
import type { SessionCostColumns } from '../event-store';
import { countSessions, summaryOf, writeSessionCosts } from '../session-queries';
import type { StoreSql } from '../store-sql';
import { StatementCache } from './sql-builder';
import { runSteps } from './sqlite-kysely';

// The `sessions` table behind a small cache. Ingest folds every event into its
// session's summary, so the summaries of active sessions are read on every batch:
// keeping them in memory spares a SELECT + JSON.parse per session per batch.
// The cache assumes this store is the database's only writer. The reads and cost
// writes are both stores' (../session-queries.ts), and so is the listing
// (../session-list-query.ts); the summary upsert, written on every batch, is a
// statement of its own prepared once.

export class SessionTable {
  /** Committed summaries, least recently used first (a Map keeps insertion order). Never mutated once cached. */
  private readonly cache = new Map<string, SessionSummary>();
  private readonly upsertSummary: Database.Statement;
  private readonly statements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly store: StoreSql,
    private readonly cacheLimit = 10_000,
  ) {
    // The cost columns are the pricing step's: an upsert leaves them as they are.
    this.upsertSummary = db.prepare(
      `INSERT INTO sessions (session_id, title, agent, model, producer, status, activity, activity_since_ms,
         first_seen_ms, last_seen_ms, total_tokens, event_count, summary_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET
         title = excluded.title, agent = excluded.agent, model = excluded.model, producer = excluded.producer,
         status = excluded.status, activity = excluded.activity, activity_since_ms = excluded.activity_since_ms,
         first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms,
         total_tokens = excluded.total_tokens, event_count = excluded.event_count, summary_json = excluded.summary_json`,
    );
    this.statements = new StatementCache(db);
  }

  /** The committed summary of a session, or null if it has none. Treat it as read-only. */
  get(sessionId: string): SessionSummary | null {
    const cached = this.cache.get(sessionId);
    if (cached !== undefined) {
      // Refresh its place in the LRU order.
      this.cache.delete(sessionId);
      this.cache.set(sessionId, cached);
      return cached;
    }
    const summary = runSteps(this.statements, summaryOf(this.store, sessionId));
    if (summary !== null) this.remember(summary);
    return summary;
  }

  /** Writes a summary's row; call inside the batch's transaction, then `remember` once it commits. */
  write(summary: SessionSummary): void {
    this.upsertSummary.run(
      summary.session_id,
      summary.title,
      summary.agent,
      summary.model,
      summary.producer,
      summary.status,
      summary.activity,
      summary.activity_since_ms,
      summary.first_seen_ms,
      summary.last_seen_ms,
      summary.prompt_tokens + summary.completion_tokens,
      summary.event_count,
      JSON.stringify(summary),
    );
  }

  /** Caches a committed summary. The caller must not mutate it afterwards. */
  remember(summary: SessionSummary): void {
    this.cache.delete(summary.session_id);
    this.cache.set(summary.session_id, summary);
    if (this.cache.size > this.cacheLimit) {
      const leastRecent = this.cache.keys().next().value as string;
      this.cache.delete(leastRecent);
    }
  }

  /** Drops sessions deleted from the table (the demo's, ../demo-sessions.ts) from the cache. */
  forget(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) this.cache.delete(sessionId);
  }

  count(): Promise<number> {
    return countSessions(this.store);
  }

  /**
   * Sets the cost columns (the pricing step's figures) in one statement, and the
   * cached summaries with them: a cached summary is replaced, never mutated.
   */
  writeCosts(costs: ReadonlyMap<string, SessionCostColumns>): void {
    runSteps(this.statements, writeSessionCosts(this.store, costs));
    for (const [sessionId, cost] of costs) {
      const cached = this.cache.get(sessionId);
      // Map.set on a present key keeps its place in the LRU order.
      if (cached !== undefined) this.cache.set(sessionId, { ...cached, cost_usd: cost.cost_usd, unpriced_tokens: cost.unpriced_tokens });
    }
  }
}

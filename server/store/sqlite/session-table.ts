import type Database from 'better-sqlite3';
import type { SessionList, SessionSummary } from '../../../src/protocol/api-schemas';
import type { SessionListQuery } from '../../../src/protocol/api-queries';
import { withSummaryDefaults } from '../session-summary';
import { StatementCache, WhereClause } from './sql-builder';

// The `sessions` table behind a small cache. Ingest folds every event into its
// session's summary, so the summaries of active sessions are read on every batch:
// keeping them in memory spares a SELECT + JSON.parse per session per batch.
// The cache assumes this store is the database's only writer.

const sortColumns: Record<SessionListQuery['sort'], string> = {
  last_seen: 'last_seen_ms',
  first_seen: 'first_seen_ms',
  // Untitled sessions go last in both directions: they are the least useful to scan by title.
  title: '(title IS NULL), title COLLATE NOCASE',
  status: 'status',
  tokens: 'total_tokens',
  events: 'event_count',
};

interface SessionRow {
  summary_json: string;
}

export class SessionTable {
  /** Committed summaries, least recently used first (a Map keeps insertion order). Never mutated once cached. */
  private readonly cache = new Map<string, SessionSummary>();
  private readonly selectSummary: Database.Statement<[string], SessionRow>;
  private readonly upsertSummary: Database.Statement;
  private readonly countSessions: Database.Statement<[], { n: number }>;
  private readonly listStatements: StatementCache;

  constructor(
    db: Database.Database,
    private readonly cacheLimit = 10_000,
  ) {
    this.selectSummary = db.prepare('SELECT summary_json FROM sessions WHERE session_id = ?');
    this.upsertSummary = db.prepare(
      `INSERT INTO sessions (session_id, title, agent, model, status, first_seen_ms, last_seen_ms, total_tokens, event_count, summary_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET
         title = excluded.title, agent = excluded.agent, model = excluded.model, status = excluded.status,
         first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms,
         total_tokens = excluded.total_tokens, event_count = excluded.event_count, summary_json = excluded.summary_json`,
    );
    this.countSessions = db.prepare('SELECT COUNT(*) AS n FROM sessions');
    this.listStatements = new StatementCache(db);
    // SQLite's lower() folds ASCII only; the search box must match "Éclair" with "éclair" too.
    db.function('unicode_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : null));
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
    const row = this.selectSummary.get(sessionId);
    if (row === undefined) return null;
    const summary = withSummaryDefaults(JSON.parse(row.summary_json) as SessionSummary);
    this.remember(summary);
    return summary;
  }

  /** Writes a summary's row; call inside the batch's transaction, then `remember` once it commits. */
  write(summary: SessionSummary): void {
    this.upsertSummary.run(
      summary.session_id,
      summary.title,
      summary.agent,
      summary.model,
      summary.status,
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

  count(): number {
    return this.countSessions.get()!.n;
  }

  list(query: SessionListQuery): SessionList {
    const where = new WhereClause().addInList('status', query.status);
    if (query.q !== undefined && query.q !== '') {
      // instr, not LIKE: a `%` or `_` typed into the search box means itself.
      const needle = query.q.toLowerCase();
      where.add('(instr(unicode_lower(title), ?) > 0 OR instr(lower(session_id), ?) > 0)', needle, needle);
    }
    where.addIf(query.agent, 'agent = ?').addIf(query.model, 'model = ?');

    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    // session_id breaks ties so that offset paging neither repeats nor skips a session.
    const orderBy = `${sortColumns[query.sort]} ${direction}, session_id ${direction}`;
    const rows = this.listStatements
      .get(`SELECT summary_json FROM sessions${where.toSql()} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
      .all(...where.params, query.limit, query.offset) as SessionRow[];
    const total = (this.listStatements.get(`SELECT COUNT(*) AS n FROM sessions${where.toSql()}`).get(...where.params) as { n: number }).n;
    return { sessions: rows.map((row) => withSummaryDefaults(JSON.parse(row.summary_json) as SessionSummary)), total };
  }
}

import type Database from 'better-sqlite3';
import type { DemoDataRemoval } from '../demo-sessions';

// The demo_sessions table (../demo-sessions.ts): marking a batch's new demo sessions,
// counting them, and removing everything they left, in one transaction.

/** Every table keyed by session that a demo session can have rows in, besides events and sessions. */
const sessionTables = ['rlm_completions', 'compactions', 'rlm_fallbacks', 'context_samples', 'usage_hourly', 'budgets'] as const;
const demoIds = 'SELECT session_id FROM demo_sessions';

export class DemoTable {
  private readonly insert: Database.Statement<[string]>;
  private readonly countAll: Database.Statement<[], { n: number }>;
  private readonly removeAll: () => DemoDataRemoval;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO demo_sessions (session_id) VALUES (?)');
    this.countAll = db.prepare('SELECT COUNT(*) AS n FROM demo_sessions');
    const selectIds = db.prepare<[], { session_id: string }>(demoIds);
    // token_usage has no session index: its rows go by the cursors of the sessions' events.
    const deleteUsage = db.prepare(`DELETE FROM token_usage WHERE cursor IN (SELECT cursor FROM events WHERE session_id IN (${demoIds}))`);
    const deleteBySession = sessionTables.map((table) => db.prepare(`DELETE FROM ${table} WHERE session_id IN (${demoIds})`));
    const deleteEvents = db.prepare(`DELETE FROM events WHERE session_id IN (${demoIds})`);
    const deleteSessions = db.prepare(`DELETE FROM sessions WHERE session_id IN (${demoIds})`);
    const deleteMarks = db.prepare('DELETE FROM demo_sessions');
    // usage_model_hourly never held demo usage, so it has nothing to give back.
    this.removeAll = db.transaction(() => {
      const sessionIds = selectIds.all().map((row) => row.session_id);
      deleteUsage.run();
      for (const statement of deleteBySession) statement.run();
      const events = deleteEvents.run().changes;
      deleteSessions.run();
      deleteMarks.run();
      return { sessions: sessionIds.length, events, sessionIds };
    });
  }

  /** Marks sessions as demo sessions; inside the batch's transaction, before its rows are written. */
  mark(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) this.insert.run(sessionId);
  }

  count(): number {
    return this.countAll.get()!.n;
  }

  /** Deletes every demo session's rows in one transaction. */
  remove(): DemoDataRemoval {
    return this.removeAll();
  }
}

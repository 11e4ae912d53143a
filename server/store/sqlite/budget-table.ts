import type Database from 'better-sqlite3';
import type { Budget } from '../../../src/protocol/api-schemas';

// Per-session budget overrides (migration 3). A session without a row follows the
// global default from configuration; a row always has at least one threshold.

interface BudgetRow {
  session_id: string;
  warn_usd: number | null;
  limit_usd: number | null;
}

export class BudgetTable {
  private readonly selectAll: Database.Statement<[], BudgetRow>;
  private readonly upsert: Database.Statement<[string, number | null, number | null]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT session_id, warn_usd, limit_usd FROM budgets ORDER BY session_id');
    this.upsert = db.prepare(
      `INSERT INTO budgets (session_id, warn_usd, limit_usd) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET warn_usd = excluded.warn_usd, limit_usd = excluded.limit_usd`,
    );
    this.remove = db.prepare('DELETE FROM budgets WHERE session_id = ?');
  }

  all(): Record<string, Budget> {
    // Null prototype: a session id is data, so `__proto__` or `constructor` is a key like any other.
    const budgets = Object.create(null) as Record<string, Budget>;
    for (const row of this.selectAll.all()) budgets[row.session_id] = { warn_usd: row.warn_usd, limit_usd: row.limit_usd };
    return budgets;
  }

  /** Both thresholds null removes the override, so the session follows the global default again. */
  set(sessionId: string, budget: Budget): void {
    if (budget.warn_usd === null && budget.limit_usd === null) this.remove.run(sessionId);
    else this.upsert.run(sessionId, budget.warn_usd, budget.limit_usd);
  }
}

import type Database from 'better-sqlite3';
import { rollupHourMs } from '../usage-plan';

// The SQLite half of "a session's first token_usage withdraws what its usage reports
// counted" (../usage-origin.ts): its usage-report rows go, and both hourly rollups lose
// their share. Runs at most once per session, inside the batch's transaction.

interface ReportedShare {
  hour_ms: number;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  calls: number;
}

// A session's rows are reached through events_by_session (token_usage has no session index).
const sessionReportRows = `FROM events AS e CROSS JOIN token_usage AS t ON t.cursor = e.cursor
  WHERE e.session_id = ? AND t.origin = 'usage_report'`;

export class ReportWithdrawal {
  private readonly selectShares: Database.Statement<[string], ReportedShare>;
  private readonly deleteRows: Database.Statement<[string]>;
  private readonly subtractHourly: Database.Statement;
  private readonly subtractModelHourly: Database.Statement;
  private readonly dropEmptyHourly: Database.Statement;
  private readonly dropEmptyModelHourly: Database.Statement;

  constructor(db: Database.Database) {
    this.selectShares = db.prepare(
      `SELECT (t.ts_ms / ${rollupHourMs}) * ${rollupHourMs} AS hour_ms, t.model, SUM(t.prompt_tokens) AS prompt_tokens,
         SUM(t.completion_tokens) AS completion_tokens, COUNT(*) AS calls ${sessionReportRows} GROUP BY 1, 2`,
    );
    this.deleteRows = db.prepare(`DELETE FROM token_usage WHERE cursor IN (SELECT t.cursor ${sessionReportRows})`);
    // Usage reports count as root (and carry no cache tokens or reported cost).
    const subtract = `SET prompt_tokens = prompt_tokens - @prompt_tokens, completion_tokens = completion_tokens - @completion_tokens,
      calls = calls - @calls, usage_report_calls = usage_report_calls - @calls`;
    this.subtractHourly = db.prepare(
      `UPDATE usage_hourly ${subtract} WHERE hour_ms = @hour_ms AND source = 'root' AND model = @model AND session_id = @session_id`,
    );
    // A demo session's usage never reached usage_model_hourly (../demo-sessions.ts); it is marked before its rows are written.
    this.subtractModelHourly = db.prepare(
      `UPDATE usage_model_hourly ${subtract} WHERE hour_ms = @hour_ms AND source = 'root' AND model = @model
         AND NOT EXISTS (SELECT 1 FROM demo_sessions WHERE session_id = @session_id)`,
    );
    this.dropEmptyHourly = db.prepare(
      `DELETE FROM usage_hourly WHERE hour_ms = @hour_ms AND source = 'root' AND model = @model AND session_id = @session_id AND calls = 0`,
    );
    this.dropEmptyModelHourly = db.prepare(`DELETE FROM usage_model_hourly WHERE hour_ms = @hour_ms AND source = 'root' AND model = @model AND calls = 0`);
  }

  withdraw(sessionId: string): void {
    for (const share of this.selectShares.all(sessionId)) {
      const params = { ...share, session_id: sessionId };
      this.subtractHourly.run(params);
      this.subtractModelHourly.run(params);
      // A rollup row left with no calls goes: the rollups hold only hours with usage.
      this.dropEmptyHourly.run(params);
      this.dropEmptyModelHourly.run(params);
    }
    this.deleteRows.run(sessionId);
  }
}

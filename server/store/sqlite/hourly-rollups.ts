import type Database from 'better-sqlite3';
import { addReportedCost } from '../usage-plan';

// A batch's share of the two hourly usage rollups (usage_hourly per session,
// usage_model_hourly without it), summed in memory per group and written with one
// UPSERT per group when the batch flushes, not one per event.

/** One token_usage row's contribution to its hour. */
export interface HourlyUsage {
  hourMs: number;
  source: string;
  model: string;
  sessionId: string;
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  calls: number;
  usageReportCalls: number;
  /** Null while no call of the group reported a cost. */
  reportedCostUsd: number | null;
  /** A demo session's usage: kept out of usage_model_hourly (../demo-sessions.ts). */
  demo: boolean;
}

/** The rollups' sums on conflict; the reported cost stays NULL only while neither side reported one. */
const addSums = `
         prompt_tokens = prompt_tokens + excluded.prompt_tokens,
         completion_tokens = completion_tokens + excluded.completion_tokens,
         cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
         cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
         calls = calls + excluded.calls,
         usage_report_calls = usage_report_calls + excluded.usage_report_calls,
         reported_cost_usd = CASE WHEN reported_cost_usd IS NULL THEN excluded.reported_cost_usd
           WHEN excluded.reported_cost_usd IS NULL THEN reported_cost_usd ELSE reported_cost_usd + excluded.reported_cost_usd END`;

function addInto(total: HourlyUsage, usage: HourlyUsage): void {
  total.promptTokens += usage.promptTokens;
  total.completionTokens += usage.completionTokens;
  total.cacheReadTokens += usage.cacheReadTokens;
  total.cacheWriteTokens += usage.cacheWriteTokens;
  total.calls += usage.calls;
  total.usageReportCalls += usage.usageReportCalls;
  total.reportedCostUsd = addReportedCost(total.reportedCostUsd, usage.reportedCostUsd);
}

export class HourlyRollups {
  private readonly upsertHourly: Database.Statement;
  private readonly upsertModelHourly: Database.Statement;
  /** Per (hour, source, model, session). */
  private readonly pending = new Map<string, HourlyUsage>();

  constructor(db: Database.Database) {
    this.upsertHourly = db.prepare(
      `INSERT INTO usage_hourly (hour_ms, source, model, session_id, prompt_tokens, completion_tokens,
         cache_read_tokens, cache_write_tokens, calls, usage_report_calls, reported_cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hour_ms, source, model, session_id) DO UPDATE SET ${addSums}`,
    );
    this.upsertModelHourly = db.prepare(
      `INSERT INTO usage_model_hourly (hour_ms, source, model, prompt_tokens, completion_tokens,
         cache_read_tokens, cache_write_tokens, calls, usage_report_calls, reported_cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hour_ms, source, model) DO UPDATE SET ${addSums}`,
    );
  }

  /** Queues one row's usage (one call). */
  add(usage: HourlyUsage): void {
    const key = `${usage.hourMs}\u0000${usage.source}\u0000${usage.model}\u0000${usage.sessionId}`;
    const pending = this.pending.get(key);
    if (pending === undefined) this.pending.set(key, usage);
    else addInto(pending, usage);
  }

  /** Writes what is queued to both rollups; inside the batch's transaction. */
  flush(): void {
    // The session-less rollup, summed from the per-session groups: a batch has few of them.
    const byModel = new Map<string, HourlyUsage>();
    for (const usage of this.pending.values()) {
      if (usage.demo) continue;
      const key = `${usage.hourMs}\u0000${usage.source}\u0000${usage.model}`;
      const total = byModel.get(key);
      if (total === undefined) byModel.set(key, { ...usage });
      else addInto(total, usage);
    }
    for (const u of byModel.values()) {
      this.upsertModelHourly.run(
        u.hourMs, u.source, u.model, u.promptTokens, u.completionTokens, u.cacheReadTokens, u.cacheWriteTokens, u.calls, u.usageReportCalls,
        u.reportedCostUsd,
      );
    }
    for (const u of this.pending.values()) {
      this.upsertHourly.run(
        u.hourMs, u.source, u.model, u.sessionId, u.promptTokens, u.completionTokens, u.cacheReadTokens, u.cacheWriteTokens, u.calls,
        u.usageReportCalls, u.reportedCostUsd,
      );
    }
    this.pending.clear();
  }

  /** Forgets what a batch whose transaction failed had queued. */
  discard(): void {
    this.pending.clear();
  }
}

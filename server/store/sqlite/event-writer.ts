import type Database from 'better-sqlite3';
import type { TokenUsageRecord, UsageOrigin } from '#protocol/api-schemas';
import type { KnownSessionEvent } from '#protocol/event-schemas';
import type { IngestItem } from '../../ingest/ingest-item';
import { BatchUsageOrigins, type UsageAction } from '../usage-origin';
import { withdrawReports } from '../report-withdrawal';
import type { StoreSql } from '../store-sql';
import { StatementCache } from './sql-builder';
import { runSteps } from './sqlite-kysely';
import { EventLogInsert } from './event-log-insert';
import { MultiRowBuffer, MultiRowStatements } from './multi-row-insert';
import { rollupHourOf, typedRowOf } from '../typed-rows';
import { HourlyRollups } from './hourly-rollups';

// The write half of ingest: a batch's stored events, their typed rows (mapped once
// for both stores in ../typed-rows.ts), and their share of the hourly usage rollups
// (./hourly-rollups.ts). Statements are prepared once, when the store opens.

export class EventWriter {
  private readonly eventLog: EventLogInsert;
  /** token_usage rows are the bulk of a busy store: written many per statement. */
  private readonly tokenUsageRows: MultiRowBuffer;
  private readonly insertRlmCompletion: Database.Statement;
  private readonly insertCompaction: Database.Statement;
  private readonly insertRlmFallback: Database.Statement;
  private readonly hourly: HourlyRollups;
  /** The withdrawal's statements (../report-withdrawal.ts), shared with the PostgreSQL store. */
  private readonly withdrawalStatements: StatementCache;
  /** The current batch's demo sessions (../demo-sessions.ts). */
  private demoSessions: ReadonlySet<string> = new Set();

  constructor(
    db: Database.Database,
    private readonly store: StoreSql,
  ) {
    this.eventLog = new EventLogInsert(db);
    // OR FAIL, not the default ABORT: ABORT must be able to undo the rows a multi-row
    // statement already wrote, so SQLite keeps a statement journal (a copy of every page
    // the statement touches; measured at 1.5 µs a row with the by-session index). FAIL
    // keeps them, and the batch's transaction rolls back as a whole on any error anyway.
    this.tokenUsageRows = new MultiRowBuffer(
      new MultiRowStatements(
        db,
        `INSERT OR FAIL INTO token_usage (cursor, session_id, seq, ts_ms, source, model, prompt_tokens, completion_tokens,
           cache_read_tokens, cache_write_tokens, duration_ms, origin, label, reported_cost_usd)`,
        14,
      ),
    );
    this.insertRlmCompletion = db.prepare(
      `INSERT INTO rlm_completions (cursor, session_id, seq, ts_ms, trace_id, outcome, iterations, subcalls,
         input_tokens, output_tokens, elapsed_ms, reason, root_model, subcall_model_used)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Named parameters: the row (../typed-rows.ts) binds by column name.
    this.insertCompaction = db.prepare(
      `INSERT INTO compactions (cursor, session_id, seq, ts_ms, trace_id, kind, reason, strategy, before_tokens,
         after_tokens, budget, kept_messages, dropped_tokens, archive_ref)
       VALUES (@cursor, @session_id, @seq, @ts_ms, @trace_id, @kind, @reason, @strategy, @before_tokens,
         @after_tokens, @budget, @kept_messages, @dropped_tokens, @archive_ref)`,
    );
    this.insertRlmFallback = db.prepare(
      `INSERT INTO rlm_fallbacks (cursor, session_id, seq, ts_ms, requested_model, fallback_model, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.hourly = new HourlyRollups(db);
    this.withdrawalStatements = new StatementCache(db);
  }

  /** The head cursor, read synchronously: inside the ingest transaction, before its events go in. */
  headCursor(): number {
    return this.eventLog.headCursor();
  }

  /**
   * Stores a batch's known durable/history events, in order, with their typed rows:
   * each one's cursor, or null when its `(session_id, seq)` is already stored (or came
   * earlier in `items`). `originOf` is a session's committed usage origin (see
   * ../usage-origin.ts). Call inside the batch's transaction, then `flushHourlyUsage`.
   */
  storeEvents(
    items: readonly IngestItem[],
    originOf: (sessionId: string) => UsageOrigin | null,
    demoSessions: ReadonlySet<string>,
  ): (number | null)[] {
    this.demoSessions = demoSessions;
    const cursors = this.eventLog.insertAll(items);
    const usage = new BatchUsageOrigins(originOf);
    for (let i = 0; i < items.length; i++) {
      const cursor = cursors[i]!;
      if (cursor === null) continue;
      // Only known events are stored (the caller checks `item.known`), so the tag discriminates.
      const event = items[i]!.event as KnownSessionEvent;
      this.writeTypedRow(event, items[i]!.tsMs, cursor, usage.step(event));
    }
    this.tokenUsageRows.flush();
    return cursors;
  }

  /** Writes the batch's accumulated hourly usage (both rollups); call once, inside the batch's transaction. */
  flushHourlyUsage(): void {
    this.hourly.flush();
  }

  /** Forgets what a batch whose transaction failed had queued. */
  discardPending(): void {
    this.hourly.discard();
    this.tokenUsageRows.discard();
  }

  private writeTypedRow(event: KnownSessionEvent, tsMs: number, cursor: number, usage: UsageAction): void {
    const typed = typedRowOf(event, tsMs, cursor, usage);
    if (typed === null) return;
    switch (typed.table) {
      case 'token_usage':
        if (usage === 'withdraw_reports_then_count') this.withdrawReports(event.session_id);
        this.writeUsageRow(typed.row);
        break;
      case 'rlm_completions': {
        const r = typed.row;
        this.insertRlmCompletion.run(
          r.cursor, r.session_id, r.seq, r.ts_ms, r.trace_id, r.outcome, r.iterations, r.subcalls, r.input_tokens, r.output_tokens,
          r.elapsed_ms, r.reason, r.root_model, r.subcall_model_used,
        );
        break;
      }
      case 'compactions':
        this.insertCompaction.run(typed.row);
        break;
      case 'rlm_fallbacks': {
        const r = typed.row;
        this.insertRlmFallback.run(r.cursor, r.session_id, r.seq, r.ts_ms, r.requested_model, r.fallback_model, r.reason);
        break;
      }
    }
  }

  /**
   * A session's first token_usage after usage reports: what the reports counted goes
   * (rows and both rollups). Rows and rollup sums still queued are written first, so
   * the withdrawal sees every report, including this batch's.
   */
  private withdrawReports(sessionId: string): void {
    this.tokenUsageRows.flush();
    this.flushHourlyUsage();
    runSteps(this.withdrawalStatements, withdrawReports(this.store, sessionId));
  }

  private writeUsageRow(row: TokenUsageRecord): void {
    this.tokenUsageRows.add(
      row.cursor, row.session_id, row.seq, row.ts_ms, row.source, row.model, row.prompt_tokens, row.completion_tokens,
      row.cache_read_tokens, row.cache_write_tokens, row.duration_ms, row.origin, row.label, row.reported_cost_usd,
    );
    this.hourly.add({
      hourMs: rollupHourOf(row.ts_ms),
      source: row.source,
      model: row.model,
      sessionId: row.session_id,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWriteTokens: row.cache_write_tokens,
      calls: 1,
      usageReportCalls: row.origin === 'usage_report' ? 1 : 0,
      reportedCostUsd: row.reported_cost_usd,
      demo: this.demoSessions.has(row.session_id),
    });
  }
}

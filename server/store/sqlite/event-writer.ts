import type Database from 'better-sqlite3';
import type { CompactionRecord, UsageOrigin } from '../../../src/protocol/api-schemas';
import type { KnownSessionEvent } from '../../../src/protocol/event-schemas';
import type { IngestItem } from '../event-store';
import { BatchUsageOrigins, type UsageAction } from '../usage-origin';
import { ReportWithdrawal } from './report-withdrawal';
import { EventLogInsert } from './event-log-insert';
import { MultiRowBuffer, MultiRowStatements } from './multi-row-insert';
import { rollupHourMs } from '../usage-plan';
import { HourlyRollups } from './hourly-rollups';

// The write half of ingest: a batch's stored events, their typed rows, and their
// share of the hourly usage rollups (./hourly-rollups.ts). Statements are prepared
// once, when the store opens.

/** The compaction columns only some kinds carry. */
type CompactionPayloadColumns = Pick<
  CompactionRecord,
  'reason' | 'strategy' | 'before_tokens' | 'after_tokens' | 'budget' | 'kept_messages' | 'dropped_tokens' | 'archive_ref'
>;

const noCompactionPayload: CompactionPayloadColumns = {
  reason: null,
  strategy: null,
  before_tokens: null,
  after_tokens: null,
  budget: null,
  kept_messages: null,
  dropped_tokens: null,
  archive_ref: null,
};

/** One row of token_usage as this writer derives it from a token_usage or a counted usage_report. */
interface UsageRowValues {
  source: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  durationMs: number;
  label: string | null;
  reportedCostUsd: number | null;
  origin: UsageOrigin;
}

export class EventWriter {
  private readonly eventLog: EventLogInsert;
  /** token_usage rows are the bulk of a busy store: written many per statement. */
  private readonly tokenUsageRows: MultiRowBuffer;
  private readonly insertRlmCompletion: Database.Statement;
  private readonly insertCompaction: Database.Statement;
  private readonly insertRlmFallback: Database.Statement;
  private readonly hourly: HourlyRollups;
  private readonly reportWithdrawal: ReportWithdrawal;
  /** The current batch's demo sessions (../demo-sessions.ts). */
  private demoSessions: ReadonlySet<string> = new Set();

  constructor(db: Database.Database) {
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
    // Named parameters: each kind fills a different subset of the nullable columns.
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
    this.reportWithdrawal = new ReportWithdrawal(db);
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
    switch (event.type) {
      case 'token_usage':
        if (usage === 'withdraw_reports_then_count') this.withdrawReports(event.session_id);
        this.writeUsageRow(event, tsMs, cursor, {
          source: event.source,
          model: event.model,
          promptTokens: event.prompt_tokens,
          completionTokens: event.completion_tokens,
          cacheReadTokens: event.cache_read_tokens ?? 0,
          cacheWriteTokens: event.cache_write_tokens ?? 0,
          durationMs: event.duration_ms,
          label: event.label ?? null,
          reportedCostUsd: event.reported_cost_usd ?? null,
          origin: 'token_usage',
        });
        break;
      case 'usage_report':
        // A usage report has no source (one LLM call of the agent itself) and no cache counts.
        if (usage === 'count') {
          this.writeUsageRow(event, tsMs, cursor, {
            source: 'root',
            model: event.model,
            promptTokens: event.prompt_tokens,
            completionTokens: event.completion_tokens,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            durationMs: event.duration_ms,
            label: null,
            reportedCostUsd: null,
            origin: 'usage_report',
          });
        }
        break;
      case 'rlm_complete':
        this.insertRlmCompletion.run(
          cursor, event.session_id, event.seq, tsMs, event.trace_id, event.outcome, event.iterations, event.subcalls,
          event.input_tokens, event.output_tokens, event.elapsed_ms, event.reason, event.root_model,
          event.subcall_model_used ?? null,
        );
        break;
      case 'compaction_started':
        this.writeCompaction(event, tsMs, cursor, 'started', { reason: event.reason, before_tokens: event.before_tokens, budget: event.budget });
        break;
      case 'compaction_completed':
        this.writeCompaction(event, tsMs, cursor, 'completed', {
          strategy: event.strategy,
          before_tokens: event.before_tokens,
          after_tokens: event.after_tokens,
          kept_messages: event.kept_messages,
        });
        break;
      case 'compaction_failed':
        // The strategy a failed compaction fell back to is its strategy column (null: none).
        this.writeCompaction(event, tsMs, cursor, 'failed', {
          strategy: event.fell_back_to,
          reason: event.reason,
          after_tokens: event.after_tokens,
          budget: event.budget,
        });
        break;
      case 'context_truncated':
        this.writeCompaction(event, tsMs, cursor, 'truncated', {
          dropped_tokens: event.dropped_tokens,
          kept_messages: event.kept_messages,
          archive_ref: event.archive_ref,
        });
        break;
      case 'rlm_subcall_fallback':
        this.insertRlmFallback.run(cursor, event.session_id, event.seq, tsMs, event.requested_model, event.fallback_model, event.reason);
        break;
      default:
        // History events live in `events` only.
        break;
    }
  }

  private writeCompaction(
    event: { session_id: string; seq: number; trace_id: string },
    tsMs: number,
    cursor: number,
    kind: CompactionRecord['kind'],
    fields: Partial<CompactionPayloadColumns>,
  ): void {
    this.insertCompaction.run({
      ...noCompactionPayload,
      ...fields,
      cursor,
      session_id: event.session_id,
      seq: event.seq,
      ts_ms: tsMs,
      trace_id: event.trace_id,
      kind,
    });
  }

  /**
   * A session's first token_usage after usage reports: what the reports counted goes
   * (rows and both rollups). Rows and rollup sums still queued are written first, so
   * the withdrawal sees every report, including this batch's.
   */
  private withdrawReports(sessionId: string): void {
    this.tokenUsageRows.flush();
    this.flushHourlyUsage();
    this.reportWithdrawal.withdraw(sessionId);
  }

  private writeUsageRow(event: { session_id: string; seq: number }, tsMs: number, cursor: number, row: UsageRowValues): void {
    this.tokenUsageRows.add(
      cursor, event.session_id, event.seq, tsMs, row.source, row.model, row.promptTokens, row.completionTokens,
      row.cacheReadTokens, row.cacheWriteTokens, row.durationMs, row.origin, row.label, row.reportedCostUsd,
    );
    this.hourly.add({
      hourMs: Math.floor(tsMs / rollupHourMs) * rollupHourMs,
      source: row.source,
      model: row.model,
      sessionId: event.session_id,
      promptTokens: row.promptTokens,
      completionTokens: row.completionTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWriteTokens: row.cacheWriteTokens,
      calls: 1,
      usageReportCalls: row.origin === 'usage_report' ? 1 : 0,
      reportedCostUsd: row.reportedCostUsd,
      demo: this.demoSessions.has(event.session_id),
    });
  }
}

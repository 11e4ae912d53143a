import type Database from 'better-sqlite3';
import type { CompactionRecord } from '../../../src/protocol/api-schemas';
import type { EventOf, KnownSessionEvent } from '../../../src/protocol/event-schemas';
import type { IngestItem } from '../event-store';
import { EventLogInsert } from './event-log-insert';
import { MultiRowBuffer, MultiRowStatements } from './multi-row-insert';
import { rollupHourMs } from './schema';

// The write half of ingest: a batch's stored events, their typed rows, and their
// share of the hourly usage rollup. Statements are prepared once, when the store opens.

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

interface HourlyUsage {
  hourMs: number;
  source: string;
  model: string;
  sessionId: string;
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  calls: number;
}

export class EventWriter {
  private readonly eventLog: EventLogInsert;
  /** token_usage rows are the bulk of a busy store: written many per statement. */
  private readonly tokenUsageRows: MultiRowBuffer;
  private readonly insertRlmCompletion: Database.Statement;
  private readonly insertCompaction: Database.Statement;
  private readonly insertRlmFallback: Database.Statement;
  private readonly upsertHourlyUsage: Database.Statement;
  private readonly upsertModelHourlyUsage: Database.Statement;
  /** The batch's token usage per (hour, source, model, session): one UPSERT per group, not per event. */
  private readonly pendingHourlyUsage = new Map<string, HourlyUsage>();

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
           cache_read_tokens, cache_write_tokens, duration_ms)`,
        11,
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
    this.upsertHourlyUsage = db.prepare(
      `INSERT INTO usage_hourly (hour_ms, source, model, session_id, prompt_tokens, completion_tokens,
         cache_read_tokens, cache_write_tokens, calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hour_ms, source, model, session_id) DO UPDATE SET
         prompt_tokens = prompt_tokens + excluded.prompt_tokens,
         completion_tokens = completion_tokens + excluded.completion_tokens,
         cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
         cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
         calls = calls + excluded.calls`,
    );
    this.upsertModelHourlyUsage = db.prepare(
      `INSERT INTO usage_model_hourly (hour_ms, source, model, prompt_tokens, completion_tokens,
         cache_read_tokens, cache_write_tokens, calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hour_ms, source, model) DO UPDATE SET
         prompt_tokens = prompt_tokens + excluded.prompt_tokens,
         completion_tokens = completion_tokens + excluded.completion_tokens,
         cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
         cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
         calls = calls + excluded.calls`,
    );
  }

  /**
   * Stores a batch's known durable/history events, in order, with their typed rows:
   * each one's cursor, or null when its `(session_id, seq)` is already stored (or came
   * earlier in `items`). Call inside the batch's transaction, then `flushHourlyUsage`.
   */
  storeEvents(items: readonly IngestItem[]): (number | null)[] {
    const cursors = this.eventLog.insertAll(items);
    for (let i = 0; i < items.length; i++) {
      const cursor = cursors[i]!;
      // Only known events are stored (the caller checks `item.known`), so the tag discriminates.
      if (cursor !== null) this.writeTypedRow(items[i]!.event as KnownSessionEvent, items[i]!.tsMs, cursor);
    }
    this.tokenUsageRows.flush();
    return cursors;
  }

  /** Writes the batch's accumulated hourly usage (both rollups); call once, inside the batch's transaction. */
  flushHourlyUsage(): void {
    // The session-less rollup, summed from the per-session groups: a batch has few of them.
    const byModel = new Map<string, HourlyUsage>();
    for (const usage of this.pendingHourlyUsage.values()) {
      const key = `${usage.hourMs}\u0000${usage.source}\u0000${usage.model}`;
      const total = byModel.get(key);
      if (total === undefined) {
        byModel.set(key, { ...usage });
      } else {
        total.promptTokens += usage.promptTokens;
        total.completionTokens += usage.completionTokens;
        total.cacheReadTokens += usage.cacheReadTokens;
        total.cacheWriteTokens += usage.cacheWriteTokens;
        total.calls += usage.calls;
      }
    }
    for (const usage of byModel.values()) {
      this.upsertModelHourlyUsage.run(
        usage.hourMs,
        usage.source,
        usage.model,
        usage.promptTokens,
        usage.completionTokens,
        usage.cacheReadTokens,
        usage.cacheWriteTokens,
        usage.calls,
      );
    }
    for (const usage of this.pendingHourlyUsage.values()) {
      this.upsertHourlyUsage.run(
        usage.hourMs,
        usage.source,
        usage.model,
        usage.sessionId,
        usage.promptTokens,
        usage.completionTokens,
        usage.cacheReadTokens,
        usage.cacheWriteTokens,
        usage.calls,
      );
    }
    this.pendingHourlyUsage.clear();
  }

  /** Forgets what a batch whose transaction failed had queued. */
  discardPending(): void {
    this.pendingHourlyUsage.clear();
    this.tokenUsageRows.discard();
  }

  private writeTypedRow(event: KnownSessionEvent, tsMs: number, cursor: number): void {
    switch (event.type) {
      case 'token_usage':
        this.writeTokenUsage(event, tsMs, cursor);
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

  private writeTokenUsage(event: EventOf<'token_usage'>, tsMs: number, cursor: number): void {
    const cacheRead = event.cache_read_tokens ?? 0;
    const cacheWrite = event.cache_write_tokens ?? 0;
    this.tokenUsageRows.add(
      cursor, event.session_id, event.seq, tsMs, event.source, event.model, event.prompt_tokens, event.completion_tokens,
      cacheRead, cacheWrite, event.duration_ms,
    );
    const hour = Math.floor(tsMs / rollupHourMs) * rollupHourMs;
    const key = `${hour}\u0000${event.source}\u0000${event.model}\u0000${event.session_id}`;
    const pending = this.pendingHourlyUsage.get(key);
    if (pending === undefined) {
      this.pendingHourlyUsage.set(key, {
        hourMs: hour,
        source: event.source,
        model: event.model,
        sessionId: event.session_id,
        promptTokens: event.prompt_tokens,
        completionTokens: event.completion_tokens,
        cacheReadTokens: cacheRead,
        cacheWriteTokens: cacheWrite,
        calls: 1,
      });
    } else {
      pending.promptTokens += event.prompt_tokens;
      pending.completionTokens += event.completion_tokens;
      pending.cacheReadTokens += cacheRead;
      pending.cacheWriteTokens += cacheWrite;
      pending.calls++;
    }
  }
}

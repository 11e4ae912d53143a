import type { CompactionRecord, RlmCompletionRecord, RlmFallbackRecord, TokenUsageRecord } from '#protocol/api-schemas';
import type { KnownSessionEvent } from '#protocol/event-schemas';
import type { UsageAction } from './usage-origin';
import { rollupHourMs } from './usage-plan';

// How a stored event becomes its typed row, once for both stores: the row is the
// record the REST reads return (./store-database.ts), so what is written is what is
// read. Each store only inserts it, with SQL tuned for its own ingest
// (sqlite/event-writer.ts, postgres/pg-event-writer.ts).

export type TypedRow =
  | { table: 'token_usage'; row: TokenUsageRecord }
  | { table: 'rlm_completions'; row: RlmCompletionRecord }
  | { table: 'compactions'; row: CompactionRecord }
  | { table: 'rlm_fallbacks'; row: RlmFallbackRecord };

/** The compaction columns only some kinds carry; the others stay null. */
type CompactionPayload = Pick<CompactionRecord, 'reason' | 'strategy' | 'before_tokens' | 'after_tokens' | 'budget' | 'kept_messages' | 'dropped_tokens' | 'archive_ref'>;

const typedTypes: ReadonlySet<string> = new Set([
  'token_usage',
  'usage_report',
  'rlm_complete',
  'compaction_started',
  'compaction_completed',
  'compaction_failed',
  'context_truncated',
  'rlm_subcall_fallback',
]);

// Rows are written out as whole literals, never spread from a shared base: this runs
// for every typed event of every batch, and a spread measured at tens of times the cost.

/**
 * The typed row of a stored event at `cursor`; null for history events (they live in
 * `events` only) and for a usage report its session does not count (`usage`, from
 * ./usage-origin.ts; a withdrawal the `withdraw_reports_then_count` asks for is the writer's).
 */
export function typedRowOf(event: KnownSessionEvent, tsMs: number, cursor: number, usage: UsageAction): TypedRow | null {
  // Most stored events are history: they return before anything is allocated.
  if (!typedTypes.has(event.type)) return null;
  const { session_id, seq } = event;
  switch (event.type) {
    case 'token_usage':
      return {
        table: 'token_usage',
        row: {
          cursor,
          session_id,
          seq,
          ts_ms: tsMs,
          source: event.source,
          model: event.model,
          prompt_tokens: event.prompt_tokens,
          completion_tokens: event.completion_tokens,
          cache_read_tokens: event.cache_read_tokens ?? 0,
          cache_write_tokens: event.cache_write_tokens ?? 0,
          duration_ms: event.duration_ms,
          label: event.label ?? null,
          reported_cost_usd: event.reported_cost_usd ?? null,
          origin: 'token_usage',
        },
      };
    case 'usage_report':
      // A usage report has no source (one LLM call of the agent itself) and no cache counts.
      if (usage !== 'count') return null;
      return {
        table: 'token_usage',
        row: {
          cursor,
          session_id,
          seq,
          ts_ms: tsMs,
          source: 'root',
          model: event.model,
          prompt_tokens: event.prompt_tokens,
          completion_tokens: event.completion_tokens,
          cache_read_tokens: 0,
          cache_write_tokens: 0,
          duration_ms: event.duration_ms,
          label: null,
          reported_cost_usd: null,
          origin: 'usage_report',
        },
      };
    case 'rlm_complete':
      return {
        table: 'rlm_completions',
        row: {
          cursor,
          session_id,
          seq,
          ts_ms: tsMs,
          trace_id: event.trace_id,
          outcome: event.outcome,
          iterations: event.iterations,
          subcalls: event.subcalls,
          input_tokens: event.input_tokens,
          output_tokens: event.output_tokens,
          elapsed_ms: event.elapsed_ms,
          reason: event.reason,
          root_model: event.root_model,
          subcall_model_used: event.subcall_model_used ?? null,
        },
      };
    case 'compaction_started':
      return compaction(cursor, event, tsMs, 'started', { reason: event.reason, before_tokens: event.before_tokens, budget: event.budget });
    case 'compaction_completed':
      return compaction(cursor, event, tsMs, 'completed', {
        strategy: event.strategy,
        before_tokens: event.before_tokens,
        after_tokens: event.after_tokens,
        kept_messages: event.kept_messages,
      });
    case 'compaction_failed':
      // The strategy a failed compaction fell back to is its strategy column (null: none).
      return compaction(cursor, event, tsMs, 'failed', {
        strategy: event.fell_back_to,
        reason: event.reason,
        after_tokens: event.after_tokens,
        budget: event.budget,
      });
    case 'context_truncated':
      return compaction(cursor, event, tsMs, 'truncated', {
        dropped_tokens: event.dropped_tokens,
        kept_messages: event.kept_messages,
        archive_ref: event.archive_ref,
      });
    case 'rlm_subcall_fallback':
      return {
        table: 'rlm_fallbacks',
        row: {
          cursor,
          session_id,
          seq,
          ts_ms: tsMs,
          requested_model: event.requested_model,
          fallback_model: event.fallback_model,
          reason: event.reason,
        },
      };
    default:
      return null;
  }
}

function compaction(
  cursor: number,
  event: { session_id: string; seq: number; trace_id: string },
  tsMs: number,
  kind: CompactionRecord['kind'],
  payload: Partial<CompactionPayload>,
): TypedRow {
  return {
    table: 'compactions',
    row: {
      cursor,
      session_id: event.session_id,
      seq: event.seq,
      ts_ms: tsMs,
      trace_id: event.trace_id,
      kind,
      reason: payload.reason ?? null,
      strategy: payload.strategy ?? null,
      before_tokens: payload.before_tokens ?? null,
      after_tokens: payload.after_tokens ?? null,
      budget: payload.budget ?? null,
      kept_messages: payload.kept_messages ?? null,
      dropped_tokens: payload.dropped_tokens ?? null,
      archive_ref: payload.archive_ref ?? null,
    },
  };
}

/** The hour a token usage row is summed into in the hourly rollups. */
export const rollupHourOf = (tsMs: number): number => Math.floor(tsMs / rollupHourMs) * rollupHourMs;

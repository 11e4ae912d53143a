// SQL text that reads the typed tables the same way in every store's dialect:
// their column lists (named after the record fields, so a row is the record) and
// the compaction totals. The WHERE clauses and parameters stay with each store.

const recordColumns = 'cursor, session_id, seq, ts_ms';
export const tokenUsageColumns = `${recordColumns}, source, model, prompt_tokens, completion_tokens, cache_read_tokens, cache_write_tokens, duration_ms,
  label, reported_cost_usd, origin`;
export const rlmCompletionColumns = `${recordColumns}, trace_id, outcome, iterations, subcalls, input_tokens, output_tokens, elapsed_ms, reason,
  root_model, subcall_model_used`;
export const compactionColumns = `${recordColumns}, trace_id, kind, reason, strategy, before_tokens, after_tokens, budget, kept_messages,
  dropped_tokens, archive_ref`;
export const rlmFallbackColumns = `${recordColumns}, requested_model, fallback_model, reason`;

/** The same columns read through a table alias (they come back under their plain names). */
export const qualifiedColumns = (columns: string, alias: string): string =>
  columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');

/** The filters every record query shares: session, time window (from inclusive, to exclusive) and cursor. */
export interface RecordFilters {
  session?: string;
  from?: number;
  to?: number;
  after?: number;
  /** Only cursors below this: the next page of a newest-first (`order: 'desc'`) list. */
  before?: number;
  /** Cursor order of the page; ascending unless asked. */
  order?: 'asc' | 'desc';
  limit: number;
  /** Keep the built-in demo's sessions (../store/demo-sessions.ts); left out by default. */
  include_demo?: boolean;
}

/** One row of compaction totals over `compactions` (filtered by the WHERE that follows). */
export const compactionTotalsSelect = `SELECT
  COUNT(*) FILTER (WHERE kind = 'started') AS started,
  COUNT(*) FILTER (WHERE kind = 'completed') AS completed,
  COUNT(*) FILTER (WHERE kind = 'failed') AS failed,
  COUNT(*) FILTER (WHERE kind = 'truncated') AS truncated,
  COALESCE(SUM(before_tokens) FILTER (WHERE kind = 'completed'), 0) AS before_tokens,
  COALESCE(SUM(after_tokens) FILTER (WHERE kind = 'completed'), 0) AS after_tokens,
  COALESCE(SUM(dropped_tokens) FILTER (WHERE kind = 'truncated'), 0) AS dropped_tokens
FROM compactions`;

import type { Generated } from 'kysely';
import type { CompactionRecord, RlmCompletionRecord, RlmFallbackRecord, TokenUsageRecord } from '#protocol/api-schemas';
import {
  compactionRecordSchema,
  rlmCompletionRecordSchema,
  rlmFallbackRecordSchema,
  tokenUsageRecordSchema,
} from '#protocol/api-schemas';

// The tables both stores share, as the query builder (Kysely) types them: a read
// through `StoreSql.db` is checked against these columns and its rows come back
// typed. The migrations (migrations/store-migrations.ts) create them in each
// dialect; only what both dialects hold alike is declared here (the sessions
// table keeps its summary differently in each, so only its shared columns appear).

/** Every stored event once; `cursor` is the global order. */
export interface EventsTable {
  cursor: Generated<number>;
  session_id: string;
  seq: number;
  ts_ms: number;
  type: string;
  json: string;
}

/** Sampled token estimates of a session, for the context-window chart. */
export interface ContextSamplesTable {
  session_id: string;
  ts_ms: number;
  model: string;
  request_tokens: number;
  budget: number;
}

/** The sums an hourly usage rollup row holds. */
interface RollupSums {
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  calls: number;
  usage_report_calls: number;
  reported_cost_usd: number | null;
}

/** token_usage summed per (hour, source, model, session). */
export interface UsageHourlyTable extends RollupSums {
  hour_ms: number;
  source: TokenUsageRecord['source'];
  model: string;
  session_id: string;
}

/** token_usage summed per (hour, source, model): no session, and no demo session's usage. */
export interface UsageModelHourlyTable extends RollupSums {
  hour_ms: number;
  source: TokenUsageRecord['source'];
  model: string;
}

/**
 * The columns of `sessions` both stores hold alike. The whole summary is kept beside
 * them under a name and type of each dialect's own (`SqlDialect.sessionSummary`).
 */
export interface SessionsTable {
  session_id: string;
  title: string | null;
  agent: string | null;
  model: string | null;
  producer: string | null;
  status: string;
  activity: string;
  activity_since_ms: number | null;
  first_seen_ms: number;
  last_seen_ms: number;
  total_tokens: number;
  event_count: number;
  /** The pricing step's columns (server/pricing): the summary upsert leaves them as they are. */
  cost_usd: number | null;
  unpriced_tokens: number;
}

/** Per-session budget overrides; a row always has at least one threshold. */
export interface BudgetsTable {
  session_id: string;
  warn_usd: number | null;
  limit_usd: number | null;
}

export interface StoreDatabase {
  events: EventsTable;
  // The typed tables' columns are named after the record fields: a row is the record.
  token_usage: TokenUsageRecord;
  rlm_completions: RlmCompletionRecord;
  compactions: CompactionRecord;
  rlm_fallbacks: RlmFallbackRecord;
  context_samples: ContextSamplesTable;
  usage_hourly: UsageHourlyTable;
  usage_model_hourly: UsageModelHourlyTable;
  demo_sessions: { session_id: string };
  sessions: SessionsTable;
  budgets: BudgetsTable;
}

/** A record's columns in the order its REST schema lists them (the order of the reply's keys). */
const columnsOf = <T>(schema: { shape: object }): readonly (keyof T & string)[] => Object.keys(schema.shape) as (keyof T & string)[];

export const tokenUsageColumns = columnsOf<TokenUsageRecord>(tokenUsageRecordSchema);
export const rlmCompletionColumns = columnsOf<RlmCompletionRecord>(rlmCompletionRecordSchema);
export const compactionColumns = columnsOf<CompactionRecord>(compactionRecordSchema);
export const rlmFallbackColumns = columnsOf<RlmFallbackRecord>(rlmFallbackRecordSchema);

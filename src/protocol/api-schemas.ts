import { z } from 'zod';
import { tokenSources } from './token-source';
import { activityStateSchema, sessionActivitySchema } from './session-activity';
import { operatorStatusKinds } from './session-status';

// Shapes of what the backend answers over REST and pushes over the browser
// WebSocket. The server builds them, the SPA parses them: one definition. The
// cost API's (usage, session costs, budgets) are in ./cost-schemas.ts.

/** A stored event as served: the store's global cursor plus the event's protocol fields unchanged. */
export const storedEventSchema = z.object({
  cursor: z.number().int().min(1),
  event: z.looseObject({ session_id: z.string(), seq: z.number(), ts: z.union([z.string(), z.number()]), type: z.string() }),
});
export type StoredEventRecord = z.infer<typeof storedEventSchema>;

export const sessionStatuses = ['active', 'done', 'error'] as const;
export const sessionStatusSchema = z.enum(sessionStatuses);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

const sourceTotalsSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  calls: z.number(),
});
export type SourceTotals = z.infer<typeof sourceTotalsSchema>;

/**
 * Where a session's token counts come from: its `token_usage` events, or (for a
 * producer that sends only `usage_report`, one per LLM call) its usage reports,
 * counted as `root` until the first `token_usage` replaces them. Null: no usage yet.
 */
export const usageOrigins = ['token_usage', 'usage_report'] as const;
export const usageOriginSchema = z.enum(usageOrigins);
export type UsageOrigin = z.infer<typeof usageOriginSchema>;

export const sessionSummarySchema = z.object({
  session_id: z.string(),
  /** The first envelope `producer` the session's events named (`codetether`, `otlp`, ...); null: our own protocol. */
  producer: z.string().nullable(),
  title: z.string().nullable(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  status: sessionStatusSchema,
  first_seen_ms: z.number(),
  last_seen_ms: z.number(),
  last_seq: z.number(),
  last_event_type: z.string().nullable(),
  last_error: z.string().nullable(),
  event_count: z.number(),
  stored_event_count: z.number(),
  unknown_event_count: z.number(),
  tool_call_count: z.number(),
  error_count: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cache_read_tokens: z.number(),
  cache_write_tokens: z.number(),
  tokens_by_source: z.partialRecord(z.enum(tokenSources), sourceTotalsSchema),
  usage_origin: usageOriginSchema.nullable(),
  /**
   * The session's whole cost in USD, priced by the server from its token sums with the
   * current prices (the same function as `/session-costs`); null while nothing is priced.
   * Not folded from events: the server's pricing step fills it after each commit and after a price change.
   */
  cost_usd: z.number().nullable(),
  /** Tokens no price rule covers, left out of `cost_usd`. */
  unpriced_tokens: z.number(),
  /** What the session is doing now, as its events tell without a clock (src/protocol/session-activity.ts); deriveStatus adds silence. */
  activity: sessionActivitySchema,
  /** When the pending approval was asked for (event time, ms); null unless `activity` is awaiting_approval. */
  activity_since_ms: z.number().nullable(),
  /** The open loops the activity fold tracks (running calls, pending approval...): its state between events. */
  activity_state: activityStateSchema,
  last_estimate: z
    .object({ model: z.string(), request_tokens: z.number(), budget: z.number(), ts_ms: z.number() })
    .nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionListSchema = z.object({
  sessions: z.array(sessionSummarySchema),
  /** Sessions matching every filter. */
  total: z.number().int(),
  /** Pass as `cursor` for the next page (keyset: stable under inserts); null when there is no more. */
  next_cursor: z.string().nullable(),
  /** Sessions per operator status, over every filter except `status`. */
  status_counts: z.record(z.enum(operatorStatusKinds), z.number().int()),
  /** The "now" the operator statuses were derived at (ms). */
  server_time_ms: z.number(),
});
export type SessionList = z.infer<typeof sessionListSchema>;

export const eventPageSchema = z.object({
  events: z.array(storedEventSchema),
  /** Pass back as `cursor` (same `order`) for the next page; null when there is nothing more yet. */
  next_cursor: z.number().int().nullable(),
});
export type EventPage = z.infer<typeof eventPageSchema>;

/**
 * Reply to `GET /api/v1/sessions/:id/events/search`. One answer scans a bounded
 * stretch of the session, newest first, and says how much: the events with
 * cursors in [`next_cursor`, the `cursor` asked with) (or from the oldest, when `next_cursor` is null).
 */
export const eventSearchPageSchema = z.object({
  /** Matching events, newest first. */
  matches: z.array(storedEventSchema),
  /** The session's stored events this answer looked at, matching or not. */
  searched_events: z.number().int(),
  /** All the session's stored events. */
  total_events: z.number().int(),
  /** Pass back as `cursor` to search on into older events; null once the oldest has been searched. */
  next_cursor: z.number().int().nullable(),
});
export type EventSearchPage = z.infer<typeof eventSearchPageSchema>;


/** Reply to `POST /api/v1/events` (NDJSON). */
export const ingestReplySchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
  unknown_types: z.number().int(),
});
export type IngestReply = z.infer<typeof ingestReplySchema>;

/**
 * An ingest request refused as a whole (`POST /api/v1/events` 413, 415, 422, 429,
 * 503): why, whether sending it again can help, and when; a store refusal also
 * says which lines were refused on their own.
 */
export const ingestRefusalSchema = z.object({
  error: z.string(),
  retryable: z.boolean(),
  retry_after_ms: z.number().int().optional(),
  accepted: z.number().int().optional(),
  duplicates: z.number().int().optional(),
  rejected: ingestReplySchema.shape.rejected.optional(),
});
export type IngestRefusal = z.infer<typeof ingestRefusalSchema>;

/** A request refused before its handler: `issues` name each bad parameter (query string, path) or body field, and why. */
export const requestRefusalSchema = z.object({
  error: z.string(),
  issues: z.array(z.union([z.object({ parameter: z.string(), message: z.string() }), z.object({ field: z.string(), message: z.string() })])),
});

const recordBase = {
  cursor: z.number().int(),
  session_id: z.string(),
  seq: z.number().int(),
  ts_ms: z.number(),
};

export const tokenUsageRecordSchema = z.object({
  ...recordBase,
  source: z.enum(tokenSources),
  model: z.string(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cache_read_tokens: z.number(),
  cache_write_tokens: z.number(),
  duration_ms: z.number(),
  /** The producer's own name for the call's source (token_usage `label`); null when it gave none. */
  label: z.string().nullable(),
  /** The cost the producer itself reported for the call; null when it reported none. */
  reported_cost_usd: z.number().nullable(),
  /** `usage_report`: counted from a usage report (root), because the session had no token_usage then. */
  origin: usageOriginSchema,
});
export type TokenUsageRecord = z.infer<typeof tokenUsageRecordSchema>;

export const rlmCompletionRecordSchema = z.object({
  ...recordBase,
  trace_id: z.string(),
  outcome: z.string(),
  iterations: z.number(),
  subcalls: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  elapsed_ms: z.number(),
  reason: z.string().nullable(),
  root_model: z.string(),
  subcall_model_used: z.string().nullable(),
});
export type RlmCompletionRecord = z.infer<typeof rlmCompletionRecordSchema>;

/** One row per compaction lifecycle event; the fields a kind does not carry are null. */
export const compactionRecordSchema = z.object({
  ...recordBase,
  trace_id: z.string(),
  kind: z.enum(['started', 'completed', 'failed', 'truncated']),
  reason: z.string().nullable(),
  strategy: z.string().nullable(),
  before_tokens: z.number().nullable(),
  after_tokens: z.number().nullable(),
  budget: z.number().nullable(),
  kept_messages: z.number().nullable(),
  dropped_tokens: z.number().nullable(),
  archive_ref: z.string().nullable(),
});
export type CompactionRecord = z.infer<typeof compactionRecordSchema>;

/** A page of records; `next_cursor` goes back as `cursor` (same `order`) for the next, null on the last. */
export const recordPageSchema = <T extends z.ZodType>(record: T) =>
  z.object({ records: z.array(record), next_cursor: z.number().int().nullable() });

export const rlmFallbackRecordSchema = z.object({
  ...recordBase,
  requested_model: z.string(),
  fallback_model: z.string(),
  reason: z.string(),
});
export type RlmFallbackRecord = z.infer<typeof rlmFallbackRecordSchema>;

/** `GET /api/v1/rlm/stats`. */
export const rlmStatsSchema = z.object({
  totals: z.object({
    completions: z.number(),
    by_outcome: z.record(z.string(), z.number()),
    input_tokens: z.number(),
    output_tokens: z.number(),
    /** Medians over the completions (an even count: the mean of the middle two); null when there are none. */
    median_iterations: z.number().nullable(),
    median_elapsed_ms: z.number().nullable(),
  }),
  /** Completions per bucket and outcome (only when a bucket was asked for). */
  outcomes_over_time: z.array(z.object({ bucket_start_ms: z.number(), outcome: z.string(), count: z.number() })),
  iterations: z.array(z.object({ iterations: z.number(), count: z.number() })),
  /** Subcall fallbacks, requested -> fallback model: the cost alerts. */
  fallbacks: z.array(
    z.object({ requested_model: z.string(), fallback_model: z.string(), count: z.number(), sessions: z.number(), last_ts_ms: z.number() }),
  ),
});
export type RlmStats = z.infer<typeof rlmStatsSchema>;

/** `GET /api/v1/compactions/stats`. */
export const compactionStatsSchema = z.object({
  totals: z.object({
    started: z.number(),
    completed: z.number(),
    failed: z.number(),
    truncated: z.number(),
    /** Sums over completed compactions. */
    before_tokens: z.number(),
    after_tokens: z.number(),
    /** Dropped by truncations: context lost. */
    dropped_tokens: z.number(),
  }),
  /**
   * Outcomes per bucket (only when a bucket was asked for; buckets aligned on the Unix
   * epoch): a completed compaction counts under its strategy, a failed one under
   * `failed:<fell_back_to>` (`failed:none` without a fallback), a context truncation
   * under `truncate (context lost)`. Started ones are not outcomes and are not counted.
   * Sorted by bucket, then label.
   */
  strategies_over_time: z.array(z.object({ bucket_start_ms: z.number(), strategy: z.string(), count: z.number() })),
});
export type CompactionStats = z.infer<typeof compactionStatsSchema>;

/**
 * `GET /api/v1/sessions/:id/context`: the context window over time. token_estimate
 * is ephemeral, so the store keeps a sample of it (at most one per session every
 * few seconds) for this chart; compaction and truncation records are the markers.
 */
export const contextSeriesSchema = z.object({
  samples: z.array(z.object({ ts_ms: z.number(), model: z.string(), request_tokens: z.number(), budget: z.number() })),
  markers: z.array(compactionRecordSchema),
});
export type ContextSeries = z.infer<typeof contextSeriesSchema>;

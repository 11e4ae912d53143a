import { z } from 'zod';
import { tokenSources } from './event-schemas';

// Shapes of what the backend answers over REST and pushes over the browser
// WebSocket. The server builds them, the SPA parses them: one definition.

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

export const sessionSummarySchema = z.object({
  session_id: z.string(),
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
  last_estimate: z
    .object({ model: z.string(), request_tokens: z.number(), budget: z.number(), ts_ms: z.number() })
    .nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionListSchema = z.object({
  sessions: z.array(sessionSummarySchema),
  total: z.number().int(),
});
export type SessionList = z.infer<typeof sessionListSchema>;

export const eventPageSchema = z.object({
  events: z.array(storedEventSchema),
  /** Pass as `after` to read on; null when there is nothing more yet. */
  next_cursor: z.number().int().nullable(),
});
export type EventPage = z.infer<typeof eventPageSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptime_s: z.number(),
  store: z.string(),
  head_cursor: z.number(),
  sessions: z.number(),
  live_clients: z.number(),
  ingest: z.object({
    accepted: z.number(),
    duplicates: z.number(),
    rejected: z.number(),
    unknown_types: z.number(),
  }),
});
export type Health = z.infer<typeof healthSchema>;

/** Reply to `POST /api/v1/events` (NDJSON). */
export const ingestReplySchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
  unknown_types: z.number().int(),
});
export type IngestReply = z.infer<typeof ingestReplySchema>;

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
});
export type TokenUsageRecord = z.infer<typeof tokenUsageRecordSchema>;

export const usageRowSchema = z.object({
  bucket_start_ms: z.number().optional(),
  source: z.enum(tokenSources).optional(),
  model: z.string().optional(),
  session_id: z.string().optional(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cache_read_tokens: z.number(),
  cache_write_tokens: z.number(),
  calls: z.number(),
  /** Null while the model is unpriced: never shown as $0. */
  cost_usd: z.number().nullable(),
});
export type UsageRow = z.infer<typeof usageRowSchema>;

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

export const recordPageSchema = <T extends z.ZodType>(record: T) =>
  z.object({ records: z.array(record), next_cursor: z.number().int().nullable() });

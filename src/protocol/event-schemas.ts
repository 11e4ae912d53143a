import { z } from 'zod';
import { envelopeShape, type Envelope } from './envelope';
import { tokenSources } from './token-source';

// One schema per protocol variant: the envelope plus the payload fields named in
// shared/protocol.md. Objects are loose so that fields a newer producer adds
// travel through unchanged instead of being stripped.

const count = z.number().int().min(0);

/**
 * The most tokens one field of one LLM call may count: 10^8, far above any model's
 * context window or output (a few million at most), far below what would overflow
 * a 64-bit sum (2^63 / 10^8 is 9 * 10^10 calls in one hourly rollup row). A larger
 * count is a producer bug, refused naming the field, never summed into everyone's usage.
 */
export const maxTokensPerCall = 100_000_000;
const callTokens = count.max(maxTokensPerCall, `expected at most ${maxTokensPerCall} tokens in one call`);
const durationMs = z.number().min(0);
const traceId = z.string().min(1);

export const tokenSourceSchema = z.enum(tokenSources);

function variant<T extends string, S extends z.ZodRawShape>(type: T, payload: S) {
  return z.looseObject({ ...envelopeShape, type: z.literal(type), ...payload });
}

export const rlmOutcomes = ['converged', 'exhausted', 'failed', 'aborted'] as const;
export const rlmOutcomeSchema = z.enum(rlmOutcomes);
export type RlmOutcome = z.infer<typeof rlmOutcomeSchema>;

export const compactionStrategies = ['rlm', 'chunk_compress', 'truncate'] as const;
export const compactionStrategySchema = z.enum(compactionStrategies);
export type CompactionStrategy = z.infer<typeof compactionStrategySchema>;

export const thinkingSchema = variant('thinking', {});

export const toolCallStartSchema = variant('tool_call_start', {
  tool_call_id: z.string().optional(),
  name: z.string(),
  arguments: z.string(),
});

export const toolCallCompleteSchema = variant('tool_call_complete', {
  tool_call_id: z.string().optional(),
  name: z.string(),
  output: z.string(),
  success: z.boolean(),
  duration_ms: durationMs,
});

export const textChunkSchema = variant('text_chunk', {
  text: z.string().optional(),
  delta: z.string().optional(),
}).refine((e) => (e.text === undefined) !== (e.delta === undefined), {
  message: 'expected exactly one of `text` (snapshot) or `delta` (append)',
  path: ['text'],
});

export const textCompleteSchema = variant('text_complete', {
  text: z.string(),
  /** Whose words: the agent's (the default) or the user's prompt, which producers like Claude Code and Codex log. */
  role: z.enum(['assistant', 'user']).optional(),
});
export const thinkingCompleteSchema = variant('thinking_complete', { thought: z.string() });

export const usageReportSchema = variant('usage_report', {
  prompt_tokens: callTokens,
  completion_tokens: callTokens,
  duration_ms: durationMs,
  model: z.string(),
});

export const sessionSummarySchema = z.looseObject({
  id: z.string().min(1),
  title: z.string().nullish(),
  agent: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  metadata: z.looseObject({ model: z.string().nullish() }).nullish(),
});

export const sessionSyncSchema = variant('session_sync', { session: sessionSummarySchema });
export const doneSchema = variant('done', {});
export const errorSchema = variant('error', { error: z.string() });

export const tokenEstimateSchema = variant('token_estimate', {
  model: z.string(),
  request_tokens: count,
  budget: count,
});

export const tokenUsageSchema = variant('token_usage', {
  source: tokenSourceSchema,
  model: z.string().min(1),
  prompt_tokens: callTokens,
  completion_tokens: callTokens,
  duration_ms: durationMs,
  cache_read_tokens: callTokens.optional(),
  cache_write_tokens: callTokens.optional(),
  /** The producer's own name for where the call came from (Claude Code's query_source, a subagent's name): kept beside `source`. */
  label: z.string().max(128).optional(),
  /** The cost the producer itself reported for this call, in USD: shown beside our price so a disagreement is visible. */
  reported_cost_usd: z.number().min(0).finite().optional(),
});

export const rlmProgressSchema = variant('rlm_progress', {
  trace_id: traceId,
  iteration: count,
  max_iterations: count,
  status: z.string(),
});

export const rlmCompleteSchema = variant('rlm_complete', {
  trace_id: traceId,
  outcome: rlmOutcomeSchema,
  iterations: count,
  subcalls: count,
  input_tokens: count,
  output_tokens: count,
  elapsed_ms: durationMs,
  reason: z.string().nullable(),
  root_model: z.string(),
  subcall_model_used: z.string().nullish(),
});

export const compactionStartedSchema = variant('compaction_started', {
  trace_id: traceId,
  reason: z.string(),
  before_tokens: count,
  budget: count,
});

export const compactionCompletedSchema = variant('compaction_completed', {
  trace_id: traceId,
  strategy: compactionStrategySchema,
  before_tokens: count,
  after_tokens: count,
  kept_messages: count,
});

export const compactionFailedSchema = variant('compaction_failed', {
  trace_id: traceId,
  // "strategy or null, never omitted": nullable, not optional.
  fell_back_to: compactionStrategySchema.nullable(),
  reason: z.string(),
  after_tokens: count,
  budget: count,
});

export const contextTruncatedSchema = variant('context_truncated', {
  trace_id: traceId,
  dropped_tokens: count,
  kept_messages: count,
  archive_ref: z.string().nullable(),
});

export const rlmSubcallFallbackSchema = variant('rlm_subcall_fallback', {
  requested_model: z.string(),
  fallback_model: z.string(),
  reason: z.string(),
});

export const toolHeartbeatSchema = variant('tool_heartbeat', {
  tool_call_id: z.string(),
  name: z.string(),
  elapsed_secs: z.number().min(0),
});

export const toolOutputChunkSchema = variant('tool_output_chunk', {
  tool_call_id: z.string(),
  name: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  chunk: z.string(),
});

export const toolCallMetadataSchema = variant('tool_call_metadata', {
  tool_call_id: z.string(),
  name: z.string(),
  metadata: z.unknown(),
});

export const approvalRequestSchema = variant('approval_request', {
  approval_id: z.string(),
  tool_call_id: z.string(),
  tool: z.string(),
  action: z.string(),
  resource: z.string(),
  reason: z.string(),
  proposed_execpolicy_amendment: z.array(z.string()).optional(),
  available_decisions: z.array(z.unknown()).optional(),
});

/**
 * How an approval was decided: codetether's `approvals.jsonl` decisions, or another
 * producer's permission answer. Ends the session's "awaiting approval" for that id.
 */
export const approvalDecisionSchema = variant('approval_decision', {
  approval_id: z.string(),
  status: z.enum(['approved', 'denied']),
  decided_by: z.string().nullish(),
  reason: z.string().nullish(),
  /** The decision as the producer named it (`"approved_for_session"`, `{"approved_execpolicy_amendment": {...}}`). */
  decision: z.unknown().optional(),
});

export const streamRetrySchema = variant('stream_retry', {
  attempt: z.number().int().min(1),
  max_restarts: count,
  reason: z.string(),
});

export const playBreakSchema = variant('play_break', { active: z.boolean() });

/** Every variant the protocol names, keyed by its `type` tag. */
export const eventSchemasByType = {
  thinking: thinkingSchema,
  tool_call_start: toolCallStartSchema,
  tool_call_complete: toolCallCompleteSchema,
  text_chunk: textChunkSchema,
  text_complete: textCompleteSchema,
  thinking_complete: thinkingCompleteSchema,
  usage_report: usageReportSchema,
  session_sync: sessionSyncSchema,
  done: doneSchema,
  error: errorSchema,
  token_estimate: tokenEstimateSchema,
  token_usage: tokenUsageSchema,
  rlm_progress: rlmProgressSchema,
  rlm_complete: rlmCompleteSchema,
  compaction_started: compactionStartedSchema,
  compaction_completed: compactionCompletedSchema,
  compaction_failed: compactionFailedSchema,
  context_truncated: contextTruncatedSchema,
  rlm_subcall_fallback: rlmSubcallFallbackSchema,
  tool_heartbeat: toolHeartbeatSchema,
  tool_output_chunk: toolOutputChunkSchema,
  tool_call_metadata: toolCallMetadataSchema,
  approval_request: approvalRequestSchema,
  approval_decision: approvalDecisionSchema,
  stream_retry: streamRetrySchema,
  play_break: playBreakSchema,
} as const;

export type KnownEventType = keyof typeof eventSchemasByType;
export const knownEventTypes = Object.keys(eventSchemasByType) as KnownEventType[];

export type EventOf<T extends KnownEventType> = z.infer<(typeof eventSchemasByType)[T]>;
export type KnownSessionEvent = { [T in KnownEventType]: EventOf<T> }[KnownEventType];

/** An event whose `type` this build does not know: the envelope is valid, the rest is carried as is. */
export type UnknownSessionEvent = Envelope;

export type SessionEvent = KnownSessionEvent | UnknownSessionEvent;

export function isKnownEventType(type: string): type is KnownEventType {
  return Object.hasOwn(eventSchemasByType, type);
}

/** Narrows an event to the known variants, so a `switch (event.type)` can discriminate. */
export function isKnownEvent(event: SessionEvent): event is KnownSessionEvent {
  return isKnownEventType(event.type);
}

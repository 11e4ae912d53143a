import type { Emitter } from './event-emitter';
import { DETAIL_LIMIT, TEXT_LIMIT, attributeSummary, clip } from './otlp-values';
import type { OtlpAttributes } from '../otlp-records';

// Events several families make the same way: the user's prompt, the model's text,
// a tool call's card, a compaction, a record shown but not interpreted.

/** What producers send in place of content they were not allowed to log. */
const REDACTED = new Set(['<REDACTED>', '[REDACTED]', 'REDACTED']);

export function isContent(text: string | undefined): text is string {
  return text !== undefined && text.trim().length > 0 && !REDACTED.has(text.trim());
}

/**
 * A user's prompt: the agent is at work (`thinking`); with prompt logging on, the prompt
 * itself first, as `text_complete` with `role: "user"` (protocol v1 has no user-message
 * variant; the extra field travels through, so a view can tell it from the agent's text).
 */
export function userPrompt(emit: Emitter, prompt: string | undefined): void {
  if (isContent(prompt)) emit.emit('text_complete', { text: clip(prompt, TEXT_LIMIT), role: 'user' });
  emit.emit('thinking');
}

/** The model's text, when the producer logged it. */
export function assistantText(emit: Emitter, text: string | undefined): boolean {
  if (!isContent(text)) return false;
  emit.emit('text_complete', { text: clip(text, TEXT_LIMIT) });
  return true;
}

export interface ToolCallFacts {
  id: string | undefined;
  name: string;
  arguments?: string | undefined;
}

export function toolStart(emit: Emitter, call: ToolCallFacts): void {
  emit.emit('tool_call_start', { ...(call.id ? { tool_call_id: call.id } : {}), name: clip(call.name, 256), arguments: clip(call.arguments ?? '{}', DETAIL_LIMIT) });
}

export function toolComplete(emit: Emitter, call: ToolCallFacts, result: { output: string; success: boolean; durationMs: number | undefined }): void {
  emit.emit('tool_call_complete', {
    ...(call.id ? { tool_call_id: call.id } : {}),
    name: clip(call.name, 256),
    output: clip(result.output, DETAIL_LIMIT),
    success: result.success,
    duration_ms: Math.max(0, result.durationMs ?? 0),
  });
}

/**
 * A producer's permission answer (`accept`/`approved`/`approved_for_session` vs
 * `reject`/`denied`/`abort`) as our approval status; undefined for a value we do not know.
 */
export function decisionStatus(decision: string | undefined): 'approved' | 'denied' | undefined {
  if (decision === undefined) return undefined;
  const lower = decision.toLowerCase();
  if (lower === 'accept' || lower.startsWith('approved') || lower === 'allow' || lower === 'auto_accept' || lower === 'modify') return 'approved';
  if (lower === 'reject' || lower === 'denied' || lower === 'deny' || lower === 'abort' || lower === 'cancel' || lower === 'timed_out' || lower === 'timedout') return 'denied';
  return undefined;
}

/**
 * A finished compaction as our lifecycle pair, correlated by a trace id that depends
 * only on the record (so a re-sent record gives the same id): started, then completed
 * (or failed). Producers report it once, after the fact, so both carry the record's time.
 */
export function compaction(
  emit: Emitter,
  facts: { traceId: string; reason: string; beforeTokens: number; afterTokens: number | undefined; failed: string | undefined },
): void {
  emit.emit('compaction_started', { trace_id: facts.traceId, reason: clip(facts.reason, 256), before_tokens: facts.beforeTokens, budget: 0 });
  if (facts.failed !== undefined) {
    emit.emit('compaction_failed', { trace_id: facts.traceId, fell_back_to: null, reason: clip(facts.failed, 1024), after_tokens: facts.afterTokens ?? facts.beforeTokens, budget: 0 });
    return;
  }
  emit.emit('compaction_completed', { trace_id: facts.traceId, strategy: 'chunk_compress', before_tokens: facts.beforeTokens, after_tokens: facts.afterTokens ?? facts.beforeTokens, kept_messages: 0 });
}

/** The deterministic compaction trace id of a record: producer, session and the record's seq slot. */
export function compactionTraceId(emit: Emitter, bucket: number): string {
  return `${emit.producer}-compaction-${emit.sessionId.slice(0, 64)}-${emit.ms}-${bucket}`;
}

/**
 * A record we recognise but do not interpret: passed on as an event of its own type
 * (`claude_code.hook_registered`), which the protocol accepts, shows live and counts but does not store.
 */
export function passThrough(emit: Emitter, eventName: string, attributes: OtlpAttributes): void {
  const cleaned = eventName.toLowerCase().replace(/[^a-z0-9_.]/g, '_').replace(/^[^a-z]+/, '');
  // A dotted name can never be one of our own variants, so the event is never mistaken for one.
  const type = (cleaned.includes('.') ? cleaned : `otlp.${cleaned || 'record'}`).slice(0, 64);
  emit.emit(type, { attributes: attributeSummary(attributes) });
}

import { formatDuration, formatPercent, formatTokens, oneLine } from '../../../lib/format/format';
import { maskSecretsInJson } from '../../../lib/format/mask-secrets';
import { compactionReduction, compressionRatio, estimateFraction, isOverBudget, rlmProgressFraction } from '../../../protocol/derived';
import type { EventOf, KnownEventType } from '../../../protocol/event-schemas';
import { parseEvent } from '../../../protocol/parse-event';

const tokensInOut = (prompt: number, completion: number) => `${formatTokens(prompt)} in / ${formatTokens(completion)} out`;

/** One line per known type: what an operator scanning the timeline needs to see. A Record, so new types must be described. */
const summaries: { [T in KnownEventType]: (event: EventOf<T>) => string } = {
  thinking: () => 'Thinking…',
  thinking_complete: (e) => oneLine(e.thought) || 'Thought finished',
  text_chunk: (e) => (e.text !== undefined ? `Text so far: ${oneLine(e.text)}` : `+ ${oneLine(e.delta ?? '')}`),
  text_complete: (e) => oneLine(e.text) || '(empty reply)',
  tool_call_start: (e) => `${e.name}(${oneLine(maskSecretsInJson(e.arguments), 120)})`,
  tool_call_complete: (e) =>
    `${e.name} ${e.success ? 'succeeded' : 'failed'} in ${formatDuration(e.duration_ms)}${e.output ? ` · ${oneLine(e.output, 120)}` : ''}`,
  tool_heartbeat: (e) => `${e.name} still running · ${formatDuration(e.elapsed_secs * 1000)}`,
  tool_output_chunk: (e) => `${e.name} ${e.stream}: ${oneLine(e.chunk, 120)}`,
  tool_call_metadata: (e) => `${e.name} metadata`,
  usage_report: (e) => `${e.model}: ${tokensInOut(e.prompt_tokens, e.completion_tokens)} · ${formatDuration(e.duration_ms)}`,
  token_usage: (e) => {
    const cache = e.cache_read_tokens ? ` (${formatTokens(e.cache_read_tokens)} cached)` : '';
    return `${e.source} · ${e.model}: ${tokensInOut(e.prompt_tokens, e.completion_tokens)}${cache} · ${formatDuration(e.duration_ms)}`;
  },
  token_estimate: (e) =>
    `${formatTokens(e.request_tokens)} of ${formatTokens(e.budget)} tokens (${formatPercent(estimateFraction(e))})${isOverBudget(e) ? ' — over budget' : ''}`,
  session_sync: (e) => `Session synced${e.session.title ? `: ${oneLine(e.session.title, 80)}` : ''}`,
  done: () => 'Done',
  error: (e) => oneLine(e.error) || 'Error',
  rlm_progress: (e) =>
    `Iteration ${e.iteration} of ${e.max_iterations} (${formatPercent(rlmProgressFraction(e))})${e.status ? ` — ${oneLine(e.status, 80)}` : ''}`,
  rlm_complete: (e) =>
    `${e.outcome} after ${e.iterations} iterations, ${e.subcalls} subcalls · ${formatTokens(e.input_tokens)} → ${formatTokens(e.output_tokens)} tokens (ratio ${compressionRatio(e).toFixed(2)}) · ${formatDuration(e.elapsed_ms)}`,
  compaction_started: (e) => `Compaction started: ${formatTokens(e.before_tokens)} tokens, budget ${formatTokens(e.budget)} · ${oneLine(e.reason, 80)}`,
  compaction_completed: (e) =>
    `${e.strategy}: ${formatTokens(e.before_tokens)} → ${formatTokens(e.after_tokens)} tokens (−${formatPercent(compactionReduction(e))}), kept ${e.kept_messages} messages`,
  compaction_failed: (e) =>
    `Compaction failed, ${e.fell_back_to ? `fell back to ${e.fell_back_to}` : 'no fallback'}: ${formatTokens(e.after_tokens)} tokens vs budget ${formatTokens(e.budget)} · ${oneLine(e.reason, 80)}`,
  context_truncated: (e) => `Dropped ${formatTokens(e.dropped_tokens)} tokens, kept ${e.kept_messages} messages`,
  rlm_subcall_fallback: (e) => `${e.requested_model} → ${e.fallback_model}: ${oneLine(e.reason, 100)}`,
  approval_request: (e) => `Approval requested: ${e.tool} ${e.action} ${oneLine(e.resource, 80)}`,
  approval_decision: (e) => `Approval ${e.status}${e.decided_by ? ` by ${e.decided_by}` : ''}${e.reason ? `: ${oneLine(e.reason, 80)}` : ''}`,
  stream_retry: (e) => `Stream retry ${e.attempt} of ${e.max_restarts}: ${oneLine(e.reason, 100)}`,
  play_break: (e) => (e.active ? 'Paused' : 'Resumed'),
};

export interface EventSummary {
  text: string;
  /** `unknown`: a type newer than this build; `invalid`: a known type whose payload breaks the contract. */
  kind: 'known' | 'unknown' | 'invalid';
}

/** A one-line description of any event, validated first so a malformed payload is labelled, not crashed on. */
export function summarizeEvent(raw: unknown): EventSummary {
  const parsed = parseEvent(raw);
  if (!parsed.ok) return { kind: 'invalid', text: `Does not match the protocol: ${parsed.error}` };
  if (!parsed.known) return { kind: 'unknown', text: 'Event type not known to this dashboard' };
  const event = parsed.event as EventOf<KnownEventType>;
  // Correlated union: the Record guarantees the summary matches the variant.
  const summarize = summaries[event.type as KnownEventType] as (e: EventOf<KnownEventType>) => string;
  return { kind: 'known', text: summarize(event) };
}

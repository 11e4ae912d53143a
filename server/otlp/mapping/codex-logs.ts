import type { Emitter } from './event-emitter';
import type { LogContext } from './log-context';
import type { MapperState } from './mapper-state';
import { boolOf, countOf, jsonText, numberOf, textOf } from './otlp-values';
import { modelName } from './session-identity';
import { decisionStatus, passThrough, toolComplete, toolStart, userPrompt } from './transcript-events';

// OpenAI Codex CLI's log events (openai/codex, codex-rs/otel/src/events/session_telemetry.rs):
// attribute `event.name` `codex.<name>`, `conversation.id` and `model` on every event.
// Fields written with `%` in the Rust macros arrive as strings (token counts, duration_ms).
// Every line is in docs/otlp-mapping.md.

export function mapCodexLog(context: LogContext, emit: Emitter, state: MapperState): void {
  const a = context.attributes;
  switch (context.eventName) {
    case 'codex.conversation_starts': {
      // The budget a context is measured against: where Codex compacts, else the model's window.
      const budget = countOf(a, 'auto_compact_token_limit') ?? countOf(a, 'context_window');
      if (budget !== undefined && budget > 0) {
        state.budgetBySession.set(context.sessionId, budget);
        emit.emit('token_estimate', { model: modelName(a) ?? 'unknown', request_tokens: 0, budget, ...optionalCount('context_window', countOf(a, 'context_window')) });
      } else {
        passThrough(emit, context.eventName, a);
      }
      return;
    }
    case 'codex.user_prompt':
      userPrompt(emit, textOf(a, 'prompt'));
      return;
    case 'codex.sse_event':
      mapSseEvent(context, emit, state);
      return;
    case 'codex.api_request': {
      const failure = textOf(a, 'error.message');
      const status = countOf(a, 'http.response.status_code');
      if (failure !== undefined || (status !== undefined && (status < 200 || status > 299))) {
        // Codex retries a failed request itself: a retry banner while it does, not an end of the session.
        emit.emit('stream_retry', { attempt: Math.max(1, countOf(a, 'attempt') ?? 1), max_restarts: 0, reason: `API request failed${status !== undefined ? ` (${status})` : ''}: ${failure ?? 'no error message'}`.slice(0, 1024) });
      }
      return;
    }
    case 'codex.tool_decision': {
      const status = decisionStatus(textOf(a, 'decision'));
      const call = { id: textOf(a, 'call_id'), name: textOf(a, 'tool_name') ?? 'tool' };
      const source = textOf(a, 'source');
      // A decision someone made (the user, or Codex's automated reviewer), not one the config made without asking.
      const decider = source?.toLowerCase();
      if ((decider === 'user' || decider === 'automated_reviewer') && status !== undefined && call.id !== undefined) {
        emit.emit('approval_decision', { approval_id: call.id, status, decided_by: decider, reason: source, decision: textOf(a, 'decision') });
      }
      // An approved call gets its card from codex.tool_result (which carries the arguments); a denied one never runs.
      if (status === 'denied') {
        toolStart(emit, call);
        toolComplete(emit, call, { output: `${textOf(a, 'decision') ?? 'denied'} (${source ?? 'no source'})`, success: false, durationMs: 0 });
      }
      return;
    }
    case 'codex.tool_result': {
      const call = { id: textOf(a, 'call_id'), name: textOf(a, 'tool_name') ?? 'tool', arguments: jsonText(a.get('arguments')) };
      toolStart(emit, call);
      toolComplete(emit, call, { output: textOf(a, 'output') ?? '', success: boolOf(a, 'success') ?? true, durationMs: numberOf(a, 'duration_ms') });
      return;
    }
    default:
      passThrough(emit, context.eventName || 'codex.event', a);
  }
}

/**
 * `codex.sse_event` is logged for every server-sent event of a response. Only
 * `response.completed` carries usage; a failed one shows as a retry; the many
 * deltas are understood and left out (they carry no text).
 */
function mapSseEvent(context: LogContext, emit: Emitter, state: MapperState): void {
  const a = context.attributes;
  const kind = textOf(a, 'event.kind');
  const failure = textOf(a, 'error.message');
  if (failure !== undefined) {
    emit.emit('stream_retry', { attempt: 1, max_restarts: 0, reason: `stream ${kind ?? 'event'} failed: ${failure}`.slice(0, 1024) });
    return;
  }
  if (kind !== 'response.completed') return;
  const input = countOf(a, 'input_token_count');
  const output = countOf(a, 'output_token_count');
  if (input === undefined && output === undefined) return;
  // input_token_count INCLUDES cached tokens (OpenAI usage); reasoning is part of output_token_count.
  const cached = Math.min(countOf(a, 'cached_token_count') ?? 0, input ?? 0);
  const model = modelName(a) ?? 'unknown';
  emit.emit('token_usage', {
    source: 'root',
    model,
    prompt_tokens: input ?? 0,
    completion_tokens: output ?? 0,
    duration_ms: Math.max(0, numberOf(a, 'duration_ms') ?? 0),
    cache_read_tokens: cached,
    ...optionalCount('reasoning_tokens', countOf(a, 'reasoning_token_count')),
  });
  const budget = state.budgetBySession.get(context.sessionId);
  if (budget !== undefined && input !== undefined) emit.emit('token_estimate', { model, request_tokens: input, budget });
}

function optionalCount(key: string, value: number | undefined): Record<string, number> {
  return value === undefined ? {} : { [key]: value };
}

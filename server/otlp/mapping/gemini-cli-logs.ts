import type { Emitter } from './event-emitter';
import type { LogContext } from './log-context';
import { boolOf, countOf, jsonText, numberOf, textOf } from './otlp-values';
import { modelName } from './session-identity';
import { geminiCliSource, usageLabel } from './token-source';
import { assistantText, compaction, compactionTraceId, passThrough, toolComplete, toolStart, userPrompt } from './transcript-events';

// Gemini CLI's log events (google-gemini/gemini-cli, packages/core/src/telemetry/types.ts):
// attribute `event.name` `gemini_cli.<name>`, `session.id` and `event.timestamp` on every
// event; the body is a human sentence. Every line is in docs/otlp-mapping.md.

export function mapGeminiCliLog(context: LogContext, emit: Emitter): void {
  const a = context.attributes;
  switch (context.eventName) {
    case 'gemini_cli.user_prompt':
      userPrompt(emit, textOf(a, 'prompt'));
      return;
    case 'gemini_cli.api_request':
      emit.emit('thinking');
      return;
    case 'gemini_cli.api_response': {
      // promptTokenCount INCLUDES cachedContentTokenCount; tool-use prompt tokens and thoughts are billed beside them.
      const input = countOf(a, 'input_token_count') ?? 0;
      const toolPrompt = countOf(a, 'tool_token_count') ?? 0;
      const cached = Math.min(countOf(a, 'cached_content_token_count') ?? 0, input);
      const role = textOf(a, 'role');
      assistantText(emit, textOf(a, 'response_text'));
      emit.emit('token_usage', {
        source: geminiCliSource(role),
        model: modelName(a) ?? 'unknown',
        prompt_tokens: input + toolPrompt,
        completion_tokens: (countOf(a, 'output_token_count') ?? 0) + (countOf(a, 'thoughts_token_count') ?? 0),
        duration_ms: Math.max(0, numberOf(a, 'duration_ms') ?? 0),
        cache_read_tokens: cached,
        ...(usageLabel(role) !== undefined ? { label: usageLabel(role) } : {}),
      });
      return;
    }
    case 'gemini_cli.api_error': {
      const status = textOf(a, 'status_code');
      emit.emit('error', { error: `API error${status ? ` ${status}` : ''}: ${textOf(a, 'error', 'error.message') ?? 'unknown error'}${modelName(a) ? ` (${modelName(a)})` : ''}` });
      return;
    }
    case 'gemini_cli.tool_call': {
      // One log record per finished call; no call id, so the prompt id, name and start time identify it.
      const name = textOf(a, 'function_name') ?? 'tool';
      const call = { id: geminiToolCallId(context, name), name, arguments: jsonText(a.get('function_args')) };
      const success = boolOf(a, 'success') ?? true;
      const decision = textOf(a, 'decision');
      toolStart(emit, call);
      toolComplete(emit, call, {
        output: success ? (textOf(a, 'metadata') ?? '') : `${textOf(a, 'error', 'error.message') ?? 'failed'}${decision ? ` (decision: ${decision})` : ''}`,
        success,
        durationMs: numberOf(a, 'duration_ms'),
      });
      return;
    }
    case 'gemini_cli.chat_compression': {
      compaction(emit, {
        traceId: compactionTraceId(emit, context.bucket),
        reason: 'chat compression',
        beforeTokens: countOf(a, 'tokens_before') ?? 0,
        afterTokens: countOf(a, 'tokens_after'),
        failed: undefined,
      });
      return;
    }
    case 'gemini_cli.agent.start': {
      // A subagent run: a card from start to finish, keyed by its agent id.
      toolStart(emit, { id: agentCallId(a), name: `agent ${textOf(a, 'agent_name') ?? 'subagent'}`, arguments: '{}' });
      return;
    }
    case 'gemini_cli.agent.finish': {
      const reason = textOf(a, 'terminate_reason');
      toolComplete(emit, { id: agentCallId(a), name: `agent ${textOf(a, 'agent_name') ?? 'subagent'}` }, {
        output: `${reason ?? 'finished'}${countOf(a, 'turn_count') !== undefined ? ` after ${countOf(a, 'turn_count')} turns` : ''}`,
        success: reason === undefined || reason.toUpperCase() === 'GOAL',
        durationMs: numberOf(a, 'duration_ms'),
      });
      return;
    }
    case 'gemini_cli.conversation_finished':
      emit.emit('done');
      return;
    default:
      // config, slash commands, fallbacks, loop detection, file operations...: shown live and counted.
      passThrough(emit, context.eventName || 'gemini_cli.event', a);
  }
}

function geminiToolCallId(context: LogContext, name: string): string {
  const promptId = textOf(context.attributes, 'prompt_id') ?? 'prompt';
  const start = textOf(context.attributes, 'start_time') ?? String(context.time.ms);
  return `${promptId}:${name}:${start}`.slice(0, 256);
}

function agentCallId(attributes: LogContext['attributes']): string | undefined {
  const id = textOf(attributes, 'agent_id');
  return id === undefined ? undefined : `agent-${id}`;
}

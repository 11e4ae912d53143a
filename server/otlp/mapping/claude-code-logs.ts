import type { Emitter } from './event-emitter';
import type { LogContext } from './log-context';
import { boolOf, countOf, jsonText, numberOf, textOf } from './otlp-values';
import { modelName } from './session-identity';
import { claudeCodeSource, usageLabel } from './token-source';
import { assistantText, compaction, compactionTraceId, decisionStatus, passThrough, toolComplete, toolStart, userPrompt } from './transcript-events';

// Claude Code's log events (https://code.claude.com/docs/en/monitoring-usage, "Events"):
// body `claude_code.<name>`, attribute `event.name` `<name>`, `session.id` and
// `event.sequence` on every event. Every line is in docs/otlp-mapping.md.

export function mapClaudeCodeLog(context: LogContext, emit: Emitter): void {
  const a = context.attributes;
  switch (context.eventName) {
    case 'claude_code.user_prompt':
      userPrompt(emit, textOf(a, 'prompt'));
      return;
    case 'claude_code.assistant_response':
      if (!assistantText(emit, textOf(a, 'response'))) passThrough(emit, context.eventName, a);
      return;
    case 'claude_code.api_request': {
      // input_tokens EXCLUDES the cache: our prompt_tokens is the whole input.
      const input = countOf(a, 'input_tokens') ?? 0;
      const cacheRead = countOf(a, 'cache_read_tokens') ?? 0;
      const cacheWrite = countOf(a, 'cache_creation_tokens') ?? 0;
      const querySource = textOf(a, 'query_source');
      const subagent = textOf(a, 'agent.name');
      const cost = numberOf(a, 'cost_usd');
      emit.emit('token_usage', {
        source: claudeCodeSource(querySource, subagent),
        model: modelName(a) ?? 'unknown',
        prompt_tokens: input + cacheRead + cacheWrite,
        completion_tokens: countOf(a, 'output_tokens') ?? 0,
        duration_ms: Math.max(0, numberOf(a, 'duration_ms') ?? 0),
        cache_read_tokens: cacheRead,
        cache_write_tokens: cacheWrite,
        ...optional('label', usageLabel(subagent, querySource)),
        ...(cost !== undefined && cost >= 0 ? { reported_cost_usd: cost } : {}),
      });
      return;
    }
    case 'claude_code.api_error': {
      // Claude Code retries inside the request and logs api_error once it gives up, so the turn failed.
      const status = textOf(a, 'status_code');
      const attempts = countOf(a, 'attempt');
      const model = modelName(a);
      const detail = [model, attempts !== undefined ? `${attempts} attempt${attempts === 1 ? '' : 's'}` : undefined].filter(Boolean).join(', ');
      emit.emit('error', { error: `API error${status ? ` ${status}` : ''}: ${textOf(a, 'error') ?? 'unknown error'}${detail ? ` (${detail})` : ''}` });
      return;
    }
    case 'claude_code.tool_decision': {
      const call = { id: textOf(a, 'tool_use_id'), name: textOf(a, 'tool_name') ?? 'tool', arguments: jsonText(a.get('tool_parameters')) };
      const status = decisionStatus(textOf(a, 'decision'));
      const source = textOf(a, 'source');
      toolStart(emit, call);
      if (source?.startsWith('user') && status !== undefined && call.id !== undefined) {
        emit.emit('approval_decision', { approval_id: call.id, status, decided_by: 'user', reason: source, decision: textOf(a, 'decision') });
      }
      if (status === 'denied') toolComplete(emit, call, { output: `rejected (${source ?? 'no source'})`, success: false, durationMs: 0 });
      return;
    }
    case 'claude_code.tool_result': {
      const success = boolOf(a, 'success') ?? true;
      const failure = textOf(a, 'error', 'error_type');
      const size = countOf(a, 'tool_result_size_bytes');
      const output = success ? (size !== undefined ? `${size} bytes of output (the content is not exported)` : '') : (failure ?? 'failed');
      toolComplete(emit, { id: textOf(a, 'tool_use_id'), name: textOf(a, 'tool_name') ?? 'tool' }, { output, success, durationMs: numberOf(a, 'duration_ms') });
      return;
    }
    case 'claude_code.compaction': {
      const before = countOf(a, 'pre_tokens') ?? 0;
      const failed = boolOf(a, 'success') === false ? (textOf(a, 'error') ?? 'compaction failed') : undefined;
      compaction(emit, {
        traceId: compactionTraceId(emit, context.bucket),
        reason: `${textOf(a, 'trigger') ?? 'auto'} compaction`,
        beforeTokens: before,
        afterTokens: countOf(a, 'post_tokens'),
        failed,
      });
      return;
    }
    default:
      // api_retries_exhausted (its api_error already says it), subagent_completed (the Agent tool call is the
      // subagent's card; its tokens are api_requests with agent.name), hooks, plugins, MCP, auth...: shown live and counted.
      passThrough(emit, context.eventName || 'claude_code.event', a);
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

import type { OtlpValue } from '../otlp-records';
import type { Emitter } from './event-emitter';
import { outputMessagesText } from './genai-messages';
import { genAiUsage } from './genai-usage';
import type { LogContext } from './log-context';
import { asText, textOf } from './otlp-values';
import { modelName } from './session-identity';
import { usageLabel } from './token-source';
import { assistantText, userPrompt } from './transcript-events';

// GenAI log events from any other producer (OpenTelemetry GenAI conventions): the
// inference details event and the older per-message events. Returns a reason when the
// record is not one we can use. Every line is in docs/otlp-mapping.md, "GenAI log events".

/** `{content}` or `{message: {content}}` bodies of the older gen_ai.*.message / gen_ai.choice events. */
function bodyContent(body: OtlpValue): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return asText(body);
  const direct = asText(body.content as OtlpValue);
  if (direct !== undefined) return direct;
  const message = body.message;
  return typeof message === 'object' && message !== null && !Array.isArray(message) ? asText(message.content as OtlpValue) : undefined;
}

export function mapGenAiLog(context: LogContext, emit: Emitter): string | undefined {
  const a = context.attributes;
  switch (context.eventName) {
    case 'gen_ai.user.message':
      userPrompt(emit, bodyContent(context.record.body));
      return undefined;
    case 'gen_ai.assistant.message':
    case 'gen_ai.choice':
      assistantText(emit, bodyContent(context.record.body));
      return undefined;
    default:
      break;
  }
  const usage = genAiUsage(a);
  const text = outputMessagesText(a);
  if (usage === undefined && text === undefined) {
    return `log record \`${context.eventName.slice(0, 80) || '(no event name)'}\`: not an agent event (no known event name, no GenAI token usage or output messages)`;
  }
  assistantText(emit, text);
  if (usage !== undefined) {
    emit.emit('token_usage', {
      source: 'root',
      model: modelName(a) ?? 'unknown',
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      duration_ms: 0,
      cache_read_tokens: usage.cacheReadTokens,
      cache_write_tokens: usage.cacheWriteTokens,
      ...(usageLabel(textOf(a, 'gen_ai.agent.name')) !== undefined ? { label: usageLabel(textOf(a, 'gen_ai.agent.name')) } : {}),
    });
  }
  return undefined;
}

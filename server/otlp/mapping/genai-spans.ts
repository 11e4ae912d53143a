import type { OtlpSpan } from '../otlp-records';
import type { EventDraft, Emitter } from './event-emitter';
import { parseUnixNano, recordBucket, type RecordTime } from './event-seq';
import { outputMessagesText } from './genai-messages';
import { genAiUsage } from './genai-usage';
import type { MapperState, SpanFacts } from './mapper-state';
import { jsonText, textOf } from './otlp-values';
import { agentName, modelName } from './session-identity';
import { isPendingSpan, realSpanId, type SpanKind } from './span-kind';
import { spanSource, usageLabel } from './token-source';
import { assistantText, toolComplete, toolStart } from './transcript-events';

// GenAI spans (OpenTelemetry GenAI conventions, OpenInference, Vercel AI SDK,
// Logfire pending spans) as protocol events. Spans are exported when they end, so an
// ended span is a completion; a pending span shows a call that is still running.
// Every line is in docs/otlp-mapping.md, "GenAI spans".

const STATUS_ERROR = 2;
const MAX_ANCESTRY = 64;

export const spanKey = (traceId: string, spanId: string): string => `${traceId}/${spanId}`;

/** Remembers what a span is before any span of its batch is mapped, so a batch's order does not matter. */
export function rememberSpan(span: OtlpSpan, kind: SpanKind, state: MapperState): void {
  const pending = isPendingSpan(span);
  const parent = pending ? (textOf(span.attributes, 'logfire.pending_parent_id') ?? '') : span.parentSpanId;
  state.spans.set(spanKey(span.traceId, realSpanId(span)), { parentSpanId: parent, isTool: kind === 'tool', isAgent: kind === 'agent', agentName: textOf(span.attributes, 'gen_ai.agent.name', 'agent.name') });
}

/** Whether a span the mapper has seen encloses this one (at any depth) and is of the kind `is` asks for. */
function hasAncestor(span: OtlpSpan, state: MapperState, is: (facts: SpanFacts) => boolean): boolean {
  let parent = state.spans.get(spanKey(span.traceId, realSpanId(span)))?.parentSpanId ?? span.parentSpanId;
  for (let hop = 0; parent !== '' && hop < MAX_ANCESTRY; hop++) {
    const facts = state.spans.get(spanKey(span.traceId, parent));
    if (facts === undefined) return false;
    if (is(facts)) return true;
    parent = facts.parentSpanId;
  }
  return false;
}

/** The nearest agent name on the span or its ancestors: the label that lets cost views group by agent. */
function nearestAgentName(span: OtlpSpan, state: MapperState): string | undefined {
  let key = spanKey(span.traceId, realSpanId(span));
  for (let hop = 0; hop < MAX_ANCESTRY; hop++) {
    const facts = state.spans.get(key);
    if (facts === undefined) return undefined;
    if (facts.agentName !== undefined) return facts.agentName;
    if (facts.parentSpanId === '') return undefined;
    key = spanKey(span.traceId, facts.parentSpanId);
  }
  return undefined;
}

export interface SpanMoment {
  time: RecordTime;
  bucket: number;
}

/** A span's start or end as an emitter position; the discriminator is the span's own id so start and end never collide. */
export function spanMoment(nanos: string, span: OtlpSpan): SpanMoment | null {
  const time = parseUnixNano(nanos);
  return time === null ? null : { time, bucket: recordBucket(time, undefined, `${span.traceId}/${realSpanId(span)}`) };
}

function toolCall(span: OtlpSpan) {
  const a = span.attributes;
  return {
    id: textOf(a, 'gen_ai.tool.call.id', 'gen_ai.tool.call_id', 'tool_call.id', 'ai.toolCall.id') ?? `span-${realSpanId(span)}`,
    name: textOf(a, 'gen_ai.tool.name', 'tool.name', 'ai.toolCall.name') ?? span.name,
    arguments: jsonText(a.get('gen_ai.tool.call.arguments') ?? a.get('tool.parameters') ?? a.get('ai.toolCall.args') ?? a.get('ai.toolCall.input') ?? a.get('input.value')),
  };
}

function failureMessage(span: OtlpSpan): string {
  const exception = span.events.find((event) => event.name === 'exception');
  return (exception ? textOf(exception.attributes, 'exception.message', 'exception.type') : undefined) ?? (span.status.message || 'failed');
}

/** Makes the events of one span; `emitterAt` gives the emitter of a moment (the core adds envelope and session_sync). */
export function mapGenAiSpan(span: OtlpSpan, kind: SpanKind, state: MapperState, emitterAt: (moment: SpanMoment) => Emitter, start: SpanMoment, end: SpanMoment | null): void {
  const a = span.attributes;
  const running = isPendingSpan(span) || end === null;
  switch (kind) {
    case 'tool': {
      const call = toolCall(span);
      toolStart(emitterAt(start), call);
      if (running || end === null) return;
      const failed = span.status.code === STATUS_ERROR;
      const output = failed ? failureMessage(span) : (jsonText(a.get('gen_ai.tool.call.result') ?? a.get('ai.toolCall.result') ?? a.get('ai.toolCall.output') ?? a.get('output.value')) ?? '');
      toolComplete(emitterAt(end), call, { output, success: !failed, durationMs: end.time.ms - start.time.ms });
      return;
    }
    case 'llm': {
      if (running || end === null) {
        emitterAt(start).emit('thinking');
        return;
      }
      const emit = emitterAt(end);
      assistantText(emit, outputMessagesText(a));
      const usage = genAiUsage(a);
      if (usage === undefined) return;
      emit.emit('token_usage', {
        source: spanSource(hasAncestor(span, state, (facts) => facts.isTool)),
        model: modelName(a) ?? 'unknown',
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        duration_ms: Math.max(0, end.time.ms - start.time.ms),
        cache_read_tokens: usage.cacheReadTokens,
        cache_write_tokens: usage.cacheWriteTokens,
        ...(usageLabel(nearestAgentName(span, state)) !== undefined ? { label: usageLabel(nearestAgentName(span, state)) } : {}),
      });
      return;
    }
    case 'agent': {
      const nested = hasAncestor(span, state, (facts) => facts.isAgent);
      if (nested) {
        // An agent inside another's run is a subagent: a card from start to end.
        const call = { id: `agent-${realSpanId(span)}`, name: `agent ${agentName(a, span) ?? span.name}`, arguments: jsonText(a.get('input.value')) };
        toolStart(emitterAt(start), call);
        if (!running && end !== null) toolComplete(emitterAt(end), call, { output: span.status.code === STATUS_ERROR ? failureMessage(span) : (outputMessagesText(a) ?? ''), success: span.status.code !== STATUS_ERROR, durationMs: end.time.ms - start.time.ms });
        return;
      }
      if (running || end === null) {
        emitterAt(start).emit('thinking');
        return;
      }
      const emit = emitterAt(end);
      // The top-level agent run ended: the session's turn is over.
      if (span.status.code === STATUS_ERROR) emit.emit('error', { error: `agent run failed: ${failureMessage(span)}` });
      else emit.emit('done');
      return;
    }
    default:
      return;
  }
}

export type { EventDraft };

import type { OtlpSpan } from '../otlp-records';
import { genAiUsage } from './genai-usage';
import { textOf } from './otlp-values';

// What a span is, under the GenAI conventions' names and their OpenInference and
// Vercel AI SDK aliases (docs/otlp-mapping.md, "GenAI spans").

export type SpanKind = 'llm' | 'tool' | 'agent' | 'wrapper' | 'other';

const LLM_OPERATIONS = new Set(['chat', 'generate_content', 'text_completion']);

export function spanKind(span: OtlpSpan): SpanKind {
  const a = span.attributes;
  const operation = textOf(a, 'gen_ai.operation.name')?.toLowerCase();
  const openInference = textOf(a, 'openinference.span.kind')?.toUpperCase();
  const vercel = textOf(a, 'ai.operationId');
  if ((operation !== undefined && LLM_OPERATIONS.has(operation)) || openInference === 'LLM') return 'llm';
  if (vercel !== undefined && (vercel.endsWith('.doGenerate') || vercel.endsWith('.doStream'))) return 'llm';
  if (operation === 'execute_tool' || openInference === 'TOOL' || vercel === 'ai.toolCall') return 'tool';
  if (operation === 'invoke_agent' || openInference === 'AGENT') return 'agent';
  // The Vercel AI SDK's outer spans (ai.generateText, ai.streamText...) sum their steps' usage: counting them would count twice.
  if (vercel !== undefined && vercel.startsWith('ai.')) return 'wrapper';
  if (genAiUsage(a) !== undefined) return 'llm';
  return 'other';
}

/** Logfire exports a running span as a `pending_span` child of it (the real span's id is its parent). */
export function isPendingSpan(span: OtlpSpan): boolean {
  return textOf(span.attributes, 'logfire.span_type') === 'pending_span';
}

/** The id of the span a record stands for: a pending span stands for its parent. */
export function realSpanId(span: OtlpSpan): string {
  return isPendingSpan(span) && span.parentSpanId !== '' ? span.parentSpanId : span.spanId;
}

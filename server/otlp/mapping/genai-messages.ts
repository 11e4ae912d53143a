import type { OtlpAttributes } from '../otlp-records';
import { parseJsonValue, textOf } from './otlp-values';

// Message content as transcript text, where the producer recorded it (content capture
// is opt-in everywhere). Only text parts become text; tool calls have their own cards.

function textParts(message: unknown): string[] {
  if (typeof message !== 'object' || message === null) return [];
  const record = message as Record<string, unknown>;
  if (typeof record.content === 'string') return [record.content];
  const parts = Array.isArray(record.parts) ? record.parts : Array.isArray(record.content) ? record.content : [];
  const texts: string[] = [];
  for (const part of parts.slice(0, 256)) {
    if (typeof part === 'string') texts.push(part);
    else if (typeof part === 'object' && part !== null) {
      const p = part as Record<string, unknown>;
      if ((p.type === undefined || p.type === 'text') && typeof p.content === 'string') texts.push(p.content);
      else if ((p.type === undefined || p.type === 'text') && typeof p.text === 'string') texts.push(p.text);
    }
  }
  return texts;
}

/** The text of `gen_ai.output.messages` (a JSON string or an array of {role, parts}); undefined when none. */
export function outputMessagesText(attributes: OtlpAttributes): string | undefined {
  const parsed = parseJsonValue(attributes.get('gen_ai.output.messages'));
  if (Array.isArray(parsed)) {
    const text = parsed.slice(0, 64).flatMap(textParts).join('\n\n');
    if (text.trim().length > 0) return text;
  }
  return openInferenceOutputText(attributes) ?? textOf(attributes, 'ai.response.text', 'ai.result.text');
}

/** OpenInference flattens messages: `llm.output_messages.0.message.content`. */
function openInferenceOutputText(attributes: OtlpAttributes): string | undefined {
  const texts: string[] = [];
  for (let i = 0; i < 16; i++) {
    const content = textOf(attributes, `llm.output_messages.${i}.message.content`);
    if (content === undefined) {
      if (i > 0 || !attributes.has('llm.output_messages.0.message.role')) break;
      continue;
    }
    texts.push(content);
  }
  return texts.length > 0 ? texts.join('\n\n') : undefined;
}

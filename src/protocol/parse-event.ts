import type { z } from 'zod';
import { envelopeSchema } from './envelope';
import { eventSchemasByType, isKnownEventType, type SessionEvent } from './event-schemas';

export type ParseEventResult =
  | { ok: true; event: SessionEvent; known: boolean }
  | { ok: false; error: string };

/** "field `usage.prompt_tokens`: expected number, received string" — the first issue, said plainly. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(event)';
  return `field \`${field}\`: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function describeError(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'invalid event';
  return rest.length === 0 ? describeIssue(first) : `${describeIssue(first)} (and ${rest.length} more)`;
}

/**
 * Validates one decoded JSON value as a SessionEvent. A known `type` is checked
 * against its variant; an unknown one only against the envelope (the Rust enum is
 * `#[non_exhaustive]`, so newer producers must not be refused).
 */
export function parseEvent(value: unknown): ParseEventResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type === 'string' && isKnownEventType(type)) {
    const result = eventSchemasByType[type].safeParse(value);
    return result.success
      ? { ok: true, event: result.data as SessionEvent, known: true }
      : { ok: false, error: `${type}: ${describeError(result.error)}` };
  }
  const envelope = envelopeSchema.safeParse(value);
  return envelope.success
    ? { ok: true, event: envelope.data as SessionEvent, known: false }
    : { ok: false, error: describeError(envelope.error) };
}

/** Decodes and validates one JSON text (a line, a frame element). */
export function parseEventJson(text: string): ParseEventResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
  return parseEvent(value);
}

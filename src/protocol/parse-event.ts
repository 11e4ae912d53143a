import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { eventSchemasByType, isKnownEventType, type KnownEventType, type SessionEvent } from './event-schemas';

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

type Validators = { byType: Record<KnownEventType, z.ZodType>; envelope: z.ZodType };

let validators: Validators | null = null;

/**
 * The schemas parseEvent runs: zod's compiled form where code generation is allowed.
 * `z.compile` generates a parser for the schema and returns the same output for
 * valid input (about 10x faster on a token_usage event); for invalid input it
 * falls back to the ordinary parser, so refusals and their messages are unchanged.
 * Under `jitless` (the dashboard, whose CSP forbids `new Function`) the schemas are
 * used as they are. Decided on first use, after any `z.config` at start-up.
 */
function validatorsNow(): Validators {
  if (validators !== null) return validators;
  const jit = z.config().jitless !== true;
  const prepare = (schema: z.ZodType): z.ZodType => (jit ? z.compile(schema) : schema);
  const byType = Object.fromEntries(Object.entries(eventSchemasByType).map(([type, schema]) => [type, prepare(schema)]));
  validators = { byType: byType as Validators['byType'], envelope: prepare(envelopeSchema) };
  return validators;
}

/**
 * Prepares the schemas now rather than on the first parse (compiling them all takes
 * tens of milliseconds): a server calls this at start-up, so that its first
 * producer frame does not wait for it. Call after any `z.config`.
 */
export function prepareParseEvent(): void {
  validatorsNow();
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
  const { byType, envelope: envelopeValidator } = validatorsNow();
  if (typeof type === 'string' && isKnownEventType(type)) {
    const result = byType[type].safeParse(value);
    return result.success
      ? { ok: true, event: result.data as SessionEvent, known: true }
      : { ok: false, error: `${type}: ${describeError(result.error)}` };
  }
  const envelope = envelopeValidator.safeParse(value);
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

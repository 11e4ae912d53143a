import type { OtlpAttributes, OtlpValue } from '../otlp-records';

// Reading attribute values the way producers actually send them: Claude Code sends
// `success` as "true", Codex formats token counts with `%` (Display, so strings),
// OTLP JSON sends int64 as strings. Every reader accepts both forms and never throws.

/** The first of `keys` that is present (and not null) in `attributes`. */
export function firstValue(attributes: OtlpAttributes, keys: readonly string[]): OtlpValue | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** A non-empty string: strings as they are, numbers and booleans as text; anything else is absent. */
export function asText(value: OtlpValue | undefined): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** A finite number from a number or a numeric string ("1234", "12.5"); anything else is absent. */
export function asNumber(value: OtlpValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A token count: a non-negative safe integer (a fraction is rounded down); anything else is absent. */
export function asCount(value: OtlpValue | undefined): number | undefined {
  const n = asNumber(value);
  if (n === undefined || n < 0) return undefined;
  const whole = Math.floor(n);
  return Number.isSafeInteger(whole) ? whole : undefined;
}

/** A boolean from true/false or "true"/"false" (any case); anything else is absent. */
export function asBool(value: OtlpValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

export const textOf = (attributes: OtlpAttributes, ...keys: string[]): string | undefined => asText(firstValue(attributes, keys));
export const countOf = (attributes: OtlpAttributes, ...keys: string[]): number | undefined => asCount(firstValue(attributes, keys));
export const numberOf = (attributes: OtlpAttributes, ...keys: string[]): number | undefined => asNumber(firstValue(attributes, keys));
export const boolOf = (attributes: OtlpAttributes, ...keys: string[]): boolean | undefined => asBool(firstValue(attributes, keys));

/** Limits that keep one mapped event well inside an ingest frame whatever an exporter sends. */
export const TEXT_LIMIT = 64 * 1024;
export const DETAIL_LIMIT = 16 * 1024;

/** Cuts `text` to `limit` UTF-16 units (never splitting a surrogate pair), marking the cut. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated ${text.length - end} characters]`;
}

/**
 * An OTLP value as JSON text, bounded: a string that already holds JSON (Claude Code's
 * `tool_parameters`, Gemini's `function_args`) is kept as it is, anything else is encoded.
 */
export function jsonText(value: OtlpValue | undefined, limit = DETAIL_LIMIT): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.length > 0 ? clip(value, limit) : undefined;
  return clip(JSON.stringify(toPlainJson(value, 0)), limit);
}

const MAX_DEPTH = 8;
const MAX_ITEMS = 64;

/** A bounded, ordinary-JSON copy of an OTLP value (null-prototype objects become plain data, depth and width capped). */
export function toPlainJson(value: OtlpValue, depth: number): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? clip(value, DETAIL_LIMIT) : value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => toPlainJson(item, depth + 1));
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).slice(0, MAX_ITEMS)) out[key] = toPlainJson(value[key] as OtlpValue, depth + 1);
  return out;
}

/** Attributes as a small plain object for a pass-through event: at most 32 keys, short values. */
export function attributeSummary(attributes: OtlpAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let n = 0;
  for (const [key, value] of attributes) {
    if (n++ >= 32) break;
    out[clip(key, 128)] = typeof value === 'string' ? clip(value, 256) : value !== null && typeof value === 'object' ? clip(JSON.stringify(toPlainJson(value, 4)), 256) : value;
  }
  return out;
}

/** Parses a JSON string attribute (gen_ai.input.messages is a JSON string in most SDKs); never throws. */
export function parseJsonValue(value: OtlpValue | undefined): unknown {
  if (typeof value !== 'string') return value === undefined ? undefined : toPlainJson(value, 0);
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

import type { ParsedItem } from '../../ingest/ingest-item';
import { parseIngestValue } from '../../ingest/ingest-item';

// Small, forgiving readers of codetether-agent payload fields. The agent's
// payloads are loosely typed JSON; a display field that is missing or of an
// odd type must not cost the operator the event (an approval request without a
// `reason` is still an approval request), so it is turned into text instead.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field as text: strings as they are, other JSON values serialised, absent ones as `fallback`. */
export function textOf(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A non-negative number, or `fallback`. */
export function countOf(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** An error said as a sentence: a string, an `{message}` object, or the JSON of anything else. */
export function errorTextOf(value: unknown): string {
  if (isObject(value) && typeof value.message === 'string') return value.message;
  return textOf(value, 'failed (no reason given)');
}

/** `{ok: false}` with the reason prefixed by where it happened. */
export function refused(error: string): ParsedItem {
  return { ok: false, error };
}

/** The envelope's `producer` of every event these adapters make. */
export const CODETETHER_PRODUCER = 'codetether';

/**
 * The protocol events of one source line, each stamped with the producer and
 * validated by the one protocol parser (so an adapter cannot produce what a
 * producer could not send).
 */
export function validated(drafts: readonly JsonObject[]): ParsedItem[] {
  return drafts.map((draft) => {
    const parsed = parseIngestValue({ ...draft, producer: CODETETHER_PRODUCER });
    return parsed.ok ? parsed : refused(`mapped to an invalid ${textOf(draft.type)} event: ${parsed.error}`);
  });
}

/** "malformed JSON: ..." or the decoded value. */
export function decodeJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `malformed JSON (an interleaved or cut-off line?): ${(err as Error).message}` };
  }
}

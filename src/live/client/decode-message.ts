import { liveServerMessageSchema, type LiveServerMessage } from '../../protocol/live-messages';
import { describeIssue, parseEvent } from '../../protocol/parse-event';
import type { LiveEventEntry } from '../live-types';

export type DecodedMessage = { ok: true; message: LiveServerMessage } | { ok: false; error: string };

/** One text frame from the server, parsed against the browser-socket contract. */
export function decodeServerMessage(text: string): DecodedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'malformed JSON frame' };
  }
  const parsed = liveServerMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const [first] = parsed.error.issues;
  return { ok: false, error: first ? describeIssue(first) : 'unexpected message' };
}

/**
 * Validates a pushed event against its variant (the message schema only checks
 * the envelope). Unknown types pass, as the protocol requires; a known type
 * with a broken payload is refused here rather than trusted by a reducer.
 */
export function toEntry(cursor: number | null, raw: unknown): { ok: true; entry: LiveEventEntry } | { ok: false; error: string } {
  const parsed = parseEvent(raw);
  return parsed.ok ? { ok: true, entry: { cursor, event: parsed.event } } : parsed;
}

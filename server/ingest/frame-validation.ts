import { timestampMs } from '#protocol/envelope';
import { eventClassOf } from '#protocol/event-class';
import type { SessionEvent } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import type { IngestItem } from './ingest-item';
import { isEventShaped, maxEventDepth, nestsDeeperThan, tooDeepError } from './event-depth';
import { parseIngestValue, refuseIfThrows } from './ingest-item';

// One producer frame (a JSON event, or an array of them) from text to IngestItems.
// The work can run on the main thread or on the validation worker; both give the
// same items, refusals and messages.

export interface FrameRejection {
  index: number;
  error: string;
}

/** A frame's outcome on the main thread: its valid events as items, and why the others were refused. */
export type FrameResult = { kind: 'malformed'; error: string } | { kind: 'events'; items: IngestItem[]; rejected: FrameRejection[] };

/**
 * The same outcome as the worker sends it: each valid event as its canonical JSON
 * (the text the store keeps) rather than as an object. Copying strings between
 * threads costs about 0.1 µs an event; copying the event objects costs 1.6 µs,
 * more than parsing the JSON again on arrival.
 */
export type SerializedFrameResult =
  | { kind: 'malformed'; error: string }
  | { kind: 'events'; json: string[]; known: boolean[]; rejected: FrameRejection[] };

type Decoded = { ok: true; values: unknown[] } | { ok: false; error: string };

function decodeFrame(text: string): Decoded {
  let value: unknown;
  try {
    // A byte-order mark is not part of the JSON: dropped here as on an NDJSON body's first line.
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
  return { ok: true, values: Array.isArray(value) ? value : [value] };
}

/** Decodes and validates a frame into items, on the calling thread. */
export function validateFrame(text: string): FrameResult {
  const decoded = decodeFrame(text);
  if (!decoded.ok) return { kind: 'malformed', error: decoded.error };
  const items: IngestItem[] = [];
  const rejected: FrameRejection[] = [];
  decoded.values.forEach((value, index) => {
    const parsed = parseIngestValue(value);
    if (parsed.ok) items.push(parsed.item);
    else rejected.push({ index, error: parsed.error });
  });
  return { kind: 'events', items, rejected };
}

/** Decodes and validates a frame into the form the worker sends back. */
export function validateFrameSerialized(text: string): SerializedFrameResult {
  const decoded = decodeFrame(text);
  if (!decoded.ok) return { kind: 'malformed', error: decoded.error };
  const json: string[] = [];
  const known: boolean[] = [];
  const rejected: FrameRejection[] = [];
  const maxDepth = maxEventDepth();
  decoded.values.forEach((value, index) => {
    const parsed = serializedItemOf(value, maxDepth);
    if (parsed.ok) {
      json.push(parsed.json);
      known.push(parsed.known);
    } else {
      rejected.push({ index, error: parsed.error });
    }
  });
  return { kind: 'events', json, known, rejected };
}

/** One element as the worker sends it, through the same gates as parseIngestValue (the worker's bigger stack must not let deeper events through). */
function serializedItemOf(value: unknown, maxDepth: number): { ok: true; json: string; known: boolean } | { ok: false; error: string } {
  if (isEventShaped(value) && nestsDeeperThan(value, maxDepth)) return { ok: false, error: tooDeepError(maxDepth) };
  return refuseIfThrows(() => {
    const result = parseEvent(value);
    return result.ok ? { ok: true as const, json: JSON.stringify(result.event), known: result.known } : result;
  });
}

/**
 * The items of a serialized result. Parsing the canonical JSON gives back the
 * validated event (same fields, same key order), and the JSON itself is kept as
 * the stored text, so nothing is serialised twice.
 */
export function deserializeFrameResult(result: SerializedFrameResult): FrameResult {
  if (result.kind === 'malformed') return result;
  const items = result.json.map((json, i): IngestItem => {
    const event = JSON.parse(json) as SessionEvent;
    return { event, known: result.known[i]!, eventClass: eventClassOf(event.type), tsMs: timestampMs(event.ts), json };
  });
  return { kind: 'events', items, rejected: result.rejected };
}

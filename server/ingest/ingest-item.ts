import { timestampMs } from '#protocol/envelope';
import { eventClassOf, type EventClass } from '#protocol/event-class';
import type { SessionEvent } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import { isEventShaped, maxEventDepth, nestsDeeperThan, tooDeepError } from './event-depth';

/** A validated event on its way into the store: what every ingest path (socket, body, files, adapters, OTLP) produces. */
export interface IngestItem {
  event: SessionEvent;
  /** False for a `type` this build does not know (accepted and counted, never stored). */
  known: boolean;
  eventClass: EventClass;
  tsMs: number;
  /** The event as JSON, serialised once on the way in. */
  json: string;
}

export type ParsedItem = { ok: true; item: IngestItem } | { ok: false; error: string };

export function toIngestItem(event: SessionEvent, known: boolean): IngestItem {
  return { event, known, eventClass: eventClassOf(event.type), tsMs: timestampMs(event.ts), json: JSON.stringify(event) };
}

/**
 * Runs one event's validation, refusing that event alone if it throws. The
 * validator and JSON.stringify recurse, so a value nested tens of thousands deep
 * overflows the stack; uncaught, that would end the connection or the process.
 */
export function refuseIfThrows<T extends { ok: boolean }>(validate: () => T): T | { ok: false; error: string } {
  try {
    return validate();
  } catch (err) {
    const why = err instanceof RangeError ? 'nested too deeply to validate' : `could not be validated: ${(err as Error).message}`;
    return { ok: false, error: `event ${why}` };
  }
}

/**
 * Validates a decoded JSON value (a WebSocket frame element, an adapter's or the
 * OTLP mapping's draft): the one gate every ingest path passes. The nesting
 * limit is checked first, so that nothing deeper is validated or stored.
 */
export function parseIngestValue(value: unknown, maxDepth = maxEventDepth()): ParsedItem {
  if (isEventShaped(value) && nestsDeeperThan(value, maxDepth)) return { ok: false, error: tooDeepError(maxDepth) };
  return refuseIfThrows(() => {
    const parsed = parseEvent(value);
    return parsed.ok ? { ok: true as const, item: toIngestItem(parsed.event, parsed.known) } : parsed;
  });
}

/** Validates one line of NDJSON / JSONL text. */
export function parseIngestLine(line: string, maxDepth = maxEventDepth()): ParsedItem {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
  return parseIngestValue(value, maxDepth);
}

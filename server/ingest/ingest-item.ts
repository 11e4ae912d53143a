import { timestampMs } from '../../src/protocol/envelope';
import { eventClassOf } from '../../src/protocol/event-class';
import type { SessionEvent } from '../../src/protocol/event-schemas';
import { parseEvent, parseEventJson } from '../../src/protocol/parse-event';
import type { IngestItem } from '../store/event-store';

export type ParsedItem = { ok: true; item: IngestItem } | { ok: false; error: string };

export function toIngestItem(event: SessionEvent, known: boolean): IngestItem {
  return { event, known, eventClass: eventClassOf(event.type), tsMs: timestampMs(event.ts), json: JSON.stringify(event) };
}

/** Validates a decoded JSON value (a WebSocket frame element). */
export function parseIngestValue(value: unknown): ParsedItem {
  const parsed = parseEvent(value);
  return parsed.ok ? { ok: true, item: toIngestItem(parsed.event, parsed.known) } : parsed;
}

/** Validates one line of NDJSON / JSONL text. */
export function parseIngestLine(line: string): ParsedItem {
  const parsed = parseEventJson(line);
  return parsed.ok ? { ok: true, item: toIngestItem(parsed.event, parsed.known) } : parsed;
}

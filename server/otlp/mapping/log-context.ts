import type { OtlpAttributes, OtlpLogRecord } from '../otlp-records';
import { fnv1a, parseIsoTime, parseUnixNano, recordBucket, type RecordTime } from './event-seq';
import { asText, countOf, textOf } from './otlp-values';
import { declaredSessionId, detectProducer, traceSessionId, type OtlpProducer } from './session-identity';

/** One log record with what every family needs: its full event name, producer, session and place in time. */
export interface LogContext {
  record: OtlpLogRecord;
  attributes: OtlpAttributes;
  /** The full event name: `claude_code.api_request`, `codex.sse_event`, `gemini_cli.tool_call`, `gen_ai...`; '' when none. */
  eventName: string;
  producer: OtlpProducer;
  sessionId: string;
  time: RecordTime;
  bucket: number;
}

const KNOWN_PREFIXES = ['claude_code.', 'codex.', 'gemini_cli.', 'gen_ai.'];

/**
 * The record's event name. OTLP has LogRecord.event_name; older exporters use the
 * `event.name` attribute. Claude Code puts the short name in `event.name` (`api_request`)
 * and the full one in the body (`claude_code.api_request`), so a name with a known
 * prefix wins over one without.
 */
export function logEventName(record: OtlpLogRecord): string {
  const fromField = record.eventName || undefined;
  if (fromField !== undefined && hasKnownPrefix(fromField)) return fromField;
  const fromAttribute = asText(record.attributes.get('event.name'));
  if (fromAttribute !== undefined && hasKnownPrefix(fromAttribute)) return fromAttribute;
  const body = typeof record.body === 'string' && record.body.length <= 128 && /^[a-z][a-z0-9_.]*$/i.test(record.body) ? record.body : undefined;
  if (body !== undefined && hasKnownPrefix(body)) return body;
  return fromField ?? fromAttribute ?? body ?? '';
}

function hasKnownPrefix(name: string): boolean {
  for (const prefix of KNOWN_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}

/** The record's time: its timestamp, else when the SDK observed it, else its ISO `event.timestamp` attribute. */
export function logRecordTime(record: OtlpLogRecord): RecordTime | null {
  return parseUnixNano(record.timeUnixNano) ?? parseUnixNano(record.observedTimeUnixNano) ?? parseIsoTime(textOf(record.attributes, 'event.timestamp'));
}

/** What a record's hash discriminator covers when its time has no sub-millisecond part and it has no sequence. */
function logDiscriminator(record: OtlpLogRecord, eventName: string): string {
  let text = `${eventName}|${record.spanId}|${record.severityNumber}`;
  for (const [key, value] of record.attributes) {
    text += `|${key}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`;
    if (text.length > 4096) break;
  }
  return `${text}|${fnv1a(typeof record.body === 'string' ? record.body : JSON.stringify(record.body))}`;
}

export type LogContextResult = { ok: true; context: LogContext } | { ok: false; reason: string };

export function logContext(record: OtlpLogRecord): LogContextResult {
  const eventName = logEventName(record);
  const producer = detectProducer(eventName || undefined, record);
  const sessionId = declaredSessionId(record.attributes, record) ?? traceSessionId(record.traceId);
  if (sessionId === undefined) {
    return { ok: false, reason: `log record ${describe(eventName)}: no session (no session.id, conversation.id or gen_ai.conversation.id attribute and no trace id)` };
  }
  const time = logRecordTime(record);
  if (time === null) {
    return { ok: false, reason: `log record ${describe(eventName)}: no usable time (time_unix_nano, observed_time_unix_nano and event.timestamp unset or out of range)` };
  }
  const sequence = countOf(record.attributes, 'event.sequence');
  const bucket = time.subMsNanos > 0 || sequence !== undefined ? recordBucket(time, sequence, '') : recordBucket(time, undefined, logDiscriminator(record, eventName));
  const fullName = producer === 'claude_code' && eventName !== '' && !eventName.startsWith('claude_code.') ? `claude_code.${eventName}` : eventName;
  return { ok: true, context: { record, attributes: record.attributes, eventName: fullName, producer, sessionId, time, bucket } };
}

export function describe(eventName: string): string {
  return eventName === '' ? '(no event name)' : `\`${eventName.slice(0, 80)}\``;
}

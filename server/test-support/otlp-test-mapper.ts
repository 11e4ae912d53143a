// TEST ONLY (imported by the OTLP transport tests, never by the server): a
// tiny mapping so that the transport's tests do not depend on what
// the real mapping (server/otlp/mapping/) makes of Claude Code or Codex records.
// A log record or span with `session.id` and `input_tokens` / `output_tokens`
// becomes one token_usage; its seq is `event.sequence` (log records) or taken
// from the span id, so a re-sent export maps to the same (session_id, seq).
import type { OtlpLogRecord, OtlpMapper, OtlpMapResult, OtlpSpan, OtlpValue } from '../otlp/otlp-records';

const num = (v: OtlpValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN);

function tokenUsage(record: OtlpLogRecord | OtlpSpan, seq: number, timeUnixNano: string): Record<string, unknown> | string {
  const session = record.attributes.get('session.id');
  if (typeof session !== 'string') return 'no session.id';
  return {
    session_id: session,
    seq,
    ts: Math.floor(Number(BigInt(timeUnixNano) / 1_000_000n)),
    type: 'token_usage',
    producer: 'otlp',
    source: 'root',
    model: record.attributes.get('model') ?? 'unknown',
    prompt_tokens: num(record.attributes.get('input_tokens')),
    completion_tokens: num(record.attributes.get('output_tokens')),
    duration_ms: num(record.attributes.get('duration_ms') ?? 0),
  };
}

function collect<T extends OtlpLogRecord | OtlpSpan>(records: readonly T[], make: (r: T) => Record<string, unknown> | string): OtlpMapResult {
  const result: OtlpMapResult = { events: [], unusable: [] };
  for (const record of records) {
    const event = make(record);
    if (typeof event === 'string') result.unusable.push({ index: record.index, reason: event });
    else result.events.push(event);
  }
  return result;
}

export function createTestOtlpMapper(): OtlpMapper & { seenLogs: OtlpLogRecord[]; seenSpans: OtlpSpan[] } {
  const seenLogs: OtlpLogRecord[] = [];
  const seenSpans: OtlpSpan[] = [];
  return {
    seenLogs,
    seenSpans,
    mapLogs(records) {
      seenLogs.push(...records);
      return collect(records, (r) => tokenUsage(r, num(r.attributes.get('event.sequence')), r.timeUnixNano));
    },
    mapSpans(spans) {
      seenSpans.push(...spans);
      return collect(spans, (s) => tokenUsage(s, (parseInt(s.spanId.slice(0, 8), 16) % 1_000_000_000) + 1, s.endTimeUnixNano));
    },
  };
}

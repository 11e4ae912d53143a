import { readFileSync } from 'node:fs';
import { decodeOtlpRequest } from '../otlp/otlp-decode';
import type { OtlpLogRecord, OtlpSpan } from '../otlp/otlp-records';
import { logRecordsOf, spansOf } from '../otlp/otlp-records-of';
import type { WireLogsRequest, WireTracesRequest } from '../otlp/otlp-wire';

// Test support: the fixtures read the way the receiver reads a request (its OTLP JSON
// decoder, then its conversion to the seam's records), so the tests map what an
// exporter's bytes really become.

const fixturePath = (name: string) => new URL(`../otlp/mapping/fixtures/${name}`, import.meta.url);

export function fixtureLogRecords(name: string): OtlpLogRecord[] {
  const decoded = decodeOtlpRequest<WireLogsRequest>('logs', 'json', readFileSync(fixturePath(name)));
  if (!decoded.ok) throw new Error(`fixture ${name}: ${decoded.reason}`);
  const { records, unusable } = logRecordsOf(decoded.request);
  if (unusable.length > 0) throw new Error(`fixture ${name}: ${JSON.stringify(unusable)}`);
  return records;
}

export function fixtureSpans(name: string): OtlpSpan[] {
  const decoded = decodeOtlpRequest<WireTracesRequest>('traces', 'json', readFileSync(fixturePath(name)));
  if (!decoded.ok) throw new Error(`fixture ${name}: ${decoded.reason}`);
  const { records, unusable } = spansOf(decoded.request);
  if (unusable.length > 0) throw new Error(`fixture ${name}: ${JSON.stringify(unusable)}`);
  return records;
}

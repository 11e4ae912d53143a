// The decoded OTLP messages as protobufjs hands them over (from the binary decoder
// or from `fromObject` on OTLP JSON): only the fields the receiver reads. Field
// names are protobufjs's camelCase; unset message fields are null, unset scalars
// and repeated fields come from the prototype's defaults.

/** protobufjs's 64-bit integer (the `long` package): exact, unlike a double. */
export interface WireLong {
  low: number;
  high: number;
  unsigned: boolean;
  toString(): string;
}

/** int64/fixed64 fields: a Long from protobufjs, a number when it had no Long support. */
export type WireInt64 = WireLong | number;

export interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: WireInt64;
  doubleValue?: number;
  arrayValue?: { values: WireAnyValue[] } | null;
  kvlistValue?: { values: WireKeyValue[] } | null;
  bytesValue?: Uint8Array;
}

export interface WireKeyValue {
  key: string;
  value: WireAnyValue | null;
}

export interface WireResource {
  attributes: WireKeyValue[];
}

export interface WireScope {
  name: string;
  version: string;
}

export interface WireLogRecord {
  timeUnixNano: WireInt64;
  observedTimeUnixNano: WireInt64;
  severityNumber: number;
  severityText: string;
  body: WireAnyValue | null;
  attributes: WireKeyValue[];
  eventName: string;
  traceId: Uint8Array;
  spanId: Uint8Array;
}

export interface WireLogsRequest {
  resourceLogs: { resource: WireResource | null; scopeLogs: { scope: WireScope | null; logRecords: WireLogRecord[] }[] }[];
}

export interface WireSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: WireInt64;
  endTimeUnixNano: WireInt64;
  attributes: WireKeyValue[];
  status: { code: number; message: string } | null;
  events: { timeUnixNano: WireInt64; name: string; attributes: WireKeyValue[] }[];
}

export interface WireTracesRequest {
  resourceSpans: { resource: WireResource | null; scopeSpans: { scope: WireScope | null; spans: WireSpan[] }[] }[];
}

interface WireDataPoints {
  dataPoints: unknown[];
}

export interface WireMetric {
  gauge?: WireDataPoints | null;
  sum?: WireDataPoints | null;
  histogram?: WireDataPoints | null;
  exponentialHistogram?: WireDataPoints | null;
  summary?: WireDataPoints | null;
}

export interface WireMetricsRequest {
  resourceMetrics: { scopeMetrics: { metrics: WireMetric[] }[] }[];
}

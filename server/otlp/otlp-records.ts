// The seam between the OTLP receiver (decoding, HTTP/gRPC, replies) and the OTLP
// mapping (records -> protocol events). The receiver decodes protobuf or OTLP JSON
// into these plain shapes; the mapping never sees a wire encoding, and the receiver
// never knows what Claude Code or Codex mean by an attribute.

/**
 * An OTLP AnyValue as plain data: string, boolean, double; int64 as a number when it
 * is a safe integer, else as its decimal string; bytes as lowercase hex; arrays;
 * key-value lists as null-prototype objects (a key like `__proto__` is data).
 */
export type OtlpValue = string | number | boolean | null | OtlpValue[] | { [key: string]: OtlpValue };

/** Attributes by key. A Map, so any key an exporter sends is just a key. */
export type OtlpAttributes = ReadonlyMap<string, OtlpValue>;

/** Where a record came from: its resource and instrumentation scope. */
export interface OtlpOrigin {
  resource: OtlpAttributes;
  scopeName: string;
  scopeVersion: string;
  /** The record's position in its request (0-based, counted per signal), for partial_success messages. */
  index: number;
}

export interface OtlpLogRecord extends OtlpOrigin {
  /** Nanoseconds since the epoch as a decimal string, exact; '0' when unset. */
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: OtlpValue;
  attributes: OtlpAttributes;
  /** LogRecord.event_name; '' when unset (older exporters put the name in the `event.name` attribute). */
  eventName: string;
  /** Lowercase hex; '' when unset. */
  traceId: string;
  spanId: string;
}

export interface OtlpSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: OtlpAttributes;
}

export interface OtlpSpan extends OtlpOrigin {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  /** '0' (or equal to start) for a span that has not ended, e.g. a Logfire pending span. */
  endTimeUnixNano: string;
  attributes: OtlpAttributes;
  /** StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  events: OtlpSpanEvent[];
}

/** What the mapping made of one request's records. */
export interface OtlpMapResult {
  /** Protocol events (plain objects, not yet validated: the receiver parses each like any producer's). */
  events: Record<string, unknown>[];
  /** Records that gave nothing usable, with the reason: they become the reply's partial_success. */
  unusable: { index: number; reason: string }[];
}

/**
 * The mapping as the receiver uses it. Stateful within bounds: spans of one trace
 * can arrive in several exports (a tool span before or after the LLM spans inside it).
 */
export interface OtlpMapper {
  mapLogs(records: readonly OtlpLogRecord[]): OtlpMapResult;
  mapSpans(spans: readonly OtlpSpan[]): OtlpMapResult;
}

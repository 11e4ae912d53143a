import type protobuf from 'protobufjs';

// The OTLP messages the receiver decodes and answers with, in protobufjs's JSON
// descriptor form (what `Root.fromJSON` and `addJSON` take); protobufjs builds the
// codecs from it. Written from the OTLP specification's message definitions; field
// numbers and types as in opentelemetry-proto release 1.x (wire-compatible with
// every 1.x exporter). The file-level wrappers (LogsData, TracesData, MetricsData)
// and the flag enums are left out: no request refers to them.
//
// Field names are protobufjs's lowerCamelCase, which is also how OTLP JSON spells
// them, so one description serves protobuf and JSON alike. Fields not described
// here are skipped by the binary decoder and ignored by `fromObject`.
//
// Types that matter to the code (otlp-wire.ts, otlp-values.ts):
// - the 64-bit times are fixed64 and AnyValue.int_value is int64: protobufjs hands
//   them over as Long (exact), never as a lossy double;
// - trace and span ids are bytes (OTLP JSON writes them as hex: otlp-decode.ts);
// - severity, span kind and status code are enums (numbers in, numbers out).
//
// google.rpc.Status, RetryInfo and BadRequest (the gRPC error model OTLP uses for
// failures) follow the googleapis definitions' field numbers; google.protobuf.Any
// and Duration are protobufjs's own common types, added to the root by otlp-proto.ts.

type Fields = NonNullable<protobuf.IType['fields']>;
type Field = Fields[string];

const commonPkg = 'opentelemetry.proto.common.v1';
const resourcePkg = 'opentelemetry.proto.resource.v1';
const logsPkg = 'opentelemetry.proto.logs.v1';
const tracePkg = 'opentelemetry.proto.trace.v1';
const metricsPkg = 'opentelemetry.proto.metrics.v1';

const KeyValue = `${commonPkg}.KeyValue`;
const AnyValue = `${commonPkg}.AnyValue`;
const Scope = `${commonPkg}.InstrumentationScope`;
const Resource = `${resourcePkg}.Resource`;

/** A singular field (scalar, enum or message). */
const one = (type: string, id: number): Field => ({ type, id });
/** A repeated field (scalars packed, as proto3 does by default). */
const many = (type: string, id: number): Field => ({ rule: 'repeated', type, id });
/** A proto3 `optional` field: presence tracked through a one-member oneof named `_<field>`. */
const optional = (type: string, id: number): Field => ({ type, id, options: { proto3_optional: true } });

/** Package `a.b.c` as nested namespaces around `contents`. */
function pkg(name: string, contents: protobuf.INamespace['nested']): protobuf.INamespace {
  return name
    .split('.')
    .reduceRight<protobuf.INamespace>((inner, part) => ({ nested: { [part]: inner } }), { nested: contents });
}

/** ResourceLogs / ResourceSpans / ResourceMetrics and their Scope* level: the same shape for every signal. */
function resourceAndScope(signal: string, items: string, itemType: string): protobuf.INamespace['nested'] {
  return {
    [`Resource${signal}`]: {
      fields: { resource: one(Resource, 1), [`scope${signal}`]: many(`Scope${signal}`, 2), schemaUrl: one('string', 3) },
      reserved: [[1000, 1000]],
    },
    [`Scope${signal}`]: {
      fields: { scope: one(Scope, 1), [items]: many(itemType, 2), schemaUrl: one('string', 3) },
    },
  };
}

const common: protobuf.INamespace['nested'] = {
  /** One attribute value: exactly one member of `value` is set (none: an empty value). */
  AnyValue: {
    oneofs: {
      value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue', 'stringValueStrindex'] },
    },
    fields: {
      stringValue: one('string', 1),
      boolValue: one('bool', 2),
      intValue: one('int64', 3),
      doubleValue: one('double', 4),
      arrayValue: one('ArrayValue', 5),
      kvlistValue: one('KeyValueList', 6),
      bytesValue: one('bytes', 7),
      // Development: an index into a profiles string table, not used by logs or traces.
      stringValueStrindex: one('int32', 8),
    },
  },
  ArrayValue: { fields: { values: many('AnyValue', 1) } },
  KeyValueList: { fields: { values: many('KeyValue', 1) } },
  KeyValue: {
    fields: {
      key: one('string', 1),
      value: one('AnyValue', 2),
      // Development: the key as a profiles string-table index.
      keyStrindex: one('int32', 3),
    },
  },
  InstrumentationScope: {
    fields: { name: one('string', 1), version: one('string', 2), attributes: many('KeyValue', 3), droppedAttributesCount: one('uint32', 4) },
  },
  EntityRef: {
    fields: { schemaUrl: one('string', 1), type: one('string', 2), idKeys: many('string', 3), descriptionKeys: many('string', 4) },
  },
};

const resource: protobuf.INamespace['nested'] = {
  Resource: {
    fields: { attributes: many(KeyValue, 1), droppedAttributesCount: one('uint32', 2), entityRefs: many(`${commonPkg}.EntityRef`, 3) },
  },
};

/** SEVERITY_NUMBER_UNSPECIFIED = 0, then TRACE..TRACE4 = 1..4, DEBUG = 5..8, INFO = 9..12, WARN = 13..16, ERROR = 17..20, FATAL = 21..24. */
function severityNumbers(): Record<string, number> {
  const values: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].forEach((level, i) => {
    for (let step = 1; step <= 4; step++) values[`SEVERITY_NUMBER_${level}${step === 1 ? '' : step}`] = i * 4 + step;
  });
  return values;
}

const logs: protobuf.INamespace['nested'] = {
  ...resourceAndScope('Logs', 'logRecords', 'LogRecord'),
  SeverityNumber: { values: severityNumbers() },
  LogRecord: {
    fields: {
      timeUnixNano: one('fixed64', 1),
      observedTimeUnixNano: one('fixed64', 11),
      severityNumber: one('SeverityNumber', 2),
      severityText: one('string', 3),
      body: one(AnyValue, 5),
      attributes: many(KeyValue, 6),
      droppedAttributesCount: one('uint32', 7),
      flags: one('fixed32', 8),
      traceId: one('bytes', 9),
      spanId: one('bytes', 10),
      eventName: one('string', 12),
    },
    reserved: [[4, 4]],
  },
};

const trace: protobuf.INamespace['nested'] = {
  ...resourceAndScope('Spans', 'spans', 'Span'),
  Span: {
    fields: {
      traceId: one('bytes', 1),
      spanId: one('bytes', 2),
      traceState: one('string', 3),
      parentSpanId: one('bytes', 4),
      flags: one('fixed32', 16),
      name: one('string', 5),
      kind: one('SpanKind', 6),
      startTimeUnixNano: one('fixed64', 7),
      endTimeUnixNano: one('fixed64', 8),
      attributes: many(KeyValue, 9),
      droppedAttributesCount: one('uint32', 10),
      events: many('Event', 11),
      droppedEventsCount: one('uint32', 12),
      links: many('Link', 13),
      droppedLinksCount: one('uint32', 14),
      status: one('Status', 15),
    },
    nested: {
      SpanKind: {
        values: { SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 },
      },
      Event: {
        fields: { timeUnixNano: one('fixed64', 1), name: one('string', 2), attributes: many(KeyValue, 3), droppedAttributesCount: one('uint32', 4) },
      },
      Link: {
        fields: {
          traceId: one('bytes', 1),
          spanId: one('bytes', 2),
          traceState: one('string', 3),
          attributes: many(KeyValue, 4),
          droppedAttributesCount: one('uint32', 5),
          flags: one('fixed32', 6),
        },
      },
    },
  },
  Status: {
    fields: { message: one('string', 2), code: one('StatusCode', 3) },
    reserved: [[1, 1]],
    nested: { StatusCode: { values: { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 } } },
  },
};

/** Start and end of the period a data point covers, common to every kind of point. */
const pointTimes = { startTimeUnixNano: one('fixed64', 2), timeUnixNano: one('fixed64', 3) };
/** The proto3 `optional` sum, min and max of the histogram points. */
const sumMinMaxOneofs = { _sum: { oneof: ['sum'] }, _min: { oneof: ['min'] }, _max: { oneof: ['max'] } };

// The receiver only counts metric data points (otlp-records-of.ts); the points are
// described in full all the same, so that a malformed one is refused as before.
const metrics: protobuf.INamespace['nested'] = {
  ...resourceAndScope('Metrics', 'metrics', 'Metric'),
  Metric: {
    oneofs: { data: { oneof: ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] } },
    fields: {
      name: one('string', 1),
      description: one('string', 2),
      unit: one('string', 3),
      gauge: one('Gauge', 5),
      sum: one('Sum', 7),
      histogram: one('Histogram', 9),
      exponentialHistogram: one('ExponentialHistogram', 10),
      summary: one('Summary', 11),
      metadata: many(KeyValue, 12),
    },
    reserved: [[4, 4], [6, 6], [8, 8]],
  },
  Gauge: { fields: { dataPoints: many('NumberDataPoint', 1) } },
  Sum: {
    fields: { dataPoints: many('NumberDataPoint', 1), aggregationTemporality: one('AggregationTemporality', 2), isMonotonic: one('bool', 3) },
  },
  Histogram: { fields: { dataPoints: many('HistogramDataPoint', 1), aggregationTemporality: one('AggregationTemporality', 2) } },
  ExponentialHistogram: {
    fields: { dataPoints: many('ExponentialHistogramDataPoint', 1), aggregationTemporality: one('AggregationTemporality', 2) },
  },
  Summary: { fields: { dataPoints: many('SummaryDataPoint', 1) } },
  AggregationTemporality: {
    values: { AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2 },
  },
  NumberDataPoint: {
    oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
    fields: {
      attributes: many(KeyValue, 7),
      ...pointTimes,
      asDouble: one('double', 4),
      asInt: one('sfixed64', 6),
      exemplars: many('Exemplar', 5),
      flags: one('uint32', 8),
    },
    reserved: [[1, 1]],
  },
  HistogramDataPoint: {
    oneofs: sumMinMaxOneofs,
    fields: {
      attributes: many(KeyValue, 9),
      ...pointTimes,
      count: one('fixed64', 4),
      sum: optional('double', 5),
      bucketCounts: many('fixed64', 6),
      explicitBounds: many('double', 7),
      exemplars: many('Exemplar', 8),
      flags: one('uint32', 10),
      min: optional('double', 11),
      max: optional('double', 12),
    },
    reserved: [[1, 1]],
  },
  ExponentialHistogramDataPoint: {
    oneofs: sumMinMaxOneofs,
    fields: {
      attributes: many(KeyValue, 1),
      ...pointTimes,
      count: one('fixed64', 4),
      sum: optional('double', 5),
      scale: one('sint32', 6),
      zeroCount: one('fixed64', 7),
      positive: one('Buckets', 8),
      negative: one('Buckets', 9),
      flags: one('uint32', 10),
      exemplars: many('Exemplar', 11),
      min: optional('double', 12),
      max: optional('double', 13),
      zeroThreshold: one('double', 14),
    },
    nested: {
      Buckets: { fields: { offset: one('sint32', 1), bucketCounts: many('uint64', 2) } },
    },
  },
  SummaryDataPoint: {
    fields: {
      attributes: many(KeyValue, 7),
      ...pointTimes,
      count: one('fixed64', 4),
      sum: one('double', 5),
      quantileValues: many('ValueAtQuantile', 6),
      flags: one('uint32', 8),
    },
    reserved: [[1, 1]],
    nested: {
      ValueAtQuantile: { fields: { quantile: one('double', 1), value: one('double', 2) } },
    },
  },
  Exemplar: {
    oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
    fields: {
      filteredAttributes: many(KeyValue, 7),
      timeUnixNano: one('fixed64', 2),
      asDouble: one('double', 3),
      asInt: one('sfixed64', 6),
      spanId: one('bytes', 4),
      traceId: one('bytes', 5),
    },
    reserved: [[1, 1]],
  },
};

/**
 * A collector package: Export<Stem>ServiceRequest carrying the signal's resource
 * list, the response with its partial_success, and the service with its one
 * Export method (the gRPC path is /<package>.<Service>/Export).
 */
function collector(stem: string, service: string, resourceList: string, resourceType: string, rejectedField: string): protobuf.INamespace['nested'] {
  return {
    [service]: {
      methods: { Export: { requestType: `Export${stem}ServiceRequest`, responseType: `Export${stem}ServiceResponse` } },
    },
    [`Export${stem}ServiceRequest`]: { fields: { [resourceList]: many(resourceType, 1) } },
    [`Export${stem}ServiceResponse`]: { fields: { partialSuccess: one(`Export${stem}PartialSuccess`, 1) } },
    [`Export${stem}PartialSuccess`]: { fields: { [rejectedField]: one('int64', 1), errorMessage: one('string', 2) } },
  };
}

const googleRpc: protobuf.INamespace['nested'] = {
  Status: { fields: { code: one('int32', 1), message: one('string', 2), details: many('google.protobuf.Any', 3) } },
  RetryInfo: { fields: { retryDelay: one('google.protobuf.Duration', 1) } },
  BadRequest: {
    fields: { fieldViolations: many('FieldViolation', 1) },
    nested: { FieldViolation: { fields: { field: one('string', 1), description: one('string', 2) } } },
  },
};

/** Merges package namespaces built by `pkg` into one tree. */
function merge(...namespaces: protobuf.INamespace[]): protobuf.INamespace {
  const out: protobuf.INamespace = { nested: {} };
  for (const ns of namespaces) {
    for (const [name, child] of Object.entries(ns.nested ?? {})) {
      const existing = out.nested![name] as protobuf.INamespace | undefined;
      out.nested![name] = existing === undefined ? child : merge(existing, child as protobuf.INamespace);
    }
  }
  return out;
}

/** The descriptor otlp-proto.ts builds its protobufjs Root from (with protobufjs's google.protobuf common types added). */
export const otlpSchema: protobuf.INamespace = merge(
  pkg(commonPkg, common),
  pkg(resourcePkg, resource),
  pkg(logsPkg, logs),
  pkg(tracePkg, trace),
  pkg(metricsPkg, metrics),
  pkg('opentelemetry.proto.collector.logs.v1', collector('Logs', 'LogsService', 'resourceLogs', `${logsPkg}.ResourceLogs`, 'rejectedLogRecords')),
  pkg('opentelemetry.proto.collector.trace.v1', collector('Trace', 'TraceService', 'resourceSpans', `${tracePkg}.ResourceSpans`, 'rejectedSpans')),
  pkg('opentelemetry.proto.collector.metrics.v1', collector('Metrics', 'MetricsService', 'resourceMetrics', `${metricsPkg}.ResourceMetrics`, 'rejectedDataPoints')),
  pkg('google.rpc', googleRpc),
);

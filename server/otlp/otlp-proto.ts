import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The vendored official definitions (see proto/README.md). */
const protoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proto');

import type { OtlpSignal } from './otlp-paths';

export { otlpSignals, type OtlpSignal } from './otlp-paths';

export interface OtlpSignalTypes {
  request: protobuf.Type;
  response: protobuf.Type;
  /** The response's partial_success field counting this signal's rejected items. */
  rejectedField: 'rejectedLogRecords' | 'rejectedSpans' | 'rejectedDataPoints';
  /** The collector service, e.g. opentelemetry.proto.collector.logs.v1.LogsService. */
  service: protobuf.Service;
}

export interface OtlpProto {
  signals: Record<OtlpSignal, OtlpSignalTypes>;
  status: protobuf.Type;
  retryInfo: protobuf.Type;
  badRequest: protobuf.Type;
}

const files: Record<OtlpSignal, string> = {
  logs: 'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  traces: 'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  metrics: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
};

const names: Record<OtlpSignal, { pkg: string; stem: string; service: string; rejectedField: OtlpSignalTypes['rejectedField'] }> = {
  logs: { pkg: 'opentelemetry.proto.collector.logs.v1', stem: 'Logs', service: 'LogsService', rejectedField: 'rejectedLogRecords' },
  traces: { pkg: 'opentelemetry.proto.collector.trace.v1', stem: 'Trace', service: 'TraceService', rejectedField: 'rejectedSpans' },
  metrics: { pkg: 'opentelemetry.proto.collector.metrics.v1', stem: 'Metrics', service: 'MetricsService', rejectedField: 'rejectedDataPoints' },
};

let loaded: OtlpProto | null = null;

/** The OTLP message types, loaded once from the .proto files (protobufjs reflection; it generates the codecs). */
export function otlpProto(): OtlpProto {
  if (loaded !== null) return loaded;
  const root = new protobuf.Root();
  // Imports name paths from the proto root (`opentelemetry/proto/...`); google/protobuf/* are protobufjs's own.
  root.resolvePath = (_origin, target) => path.join(protoDir, target);
  root.loadSync([...Object.values(files), 'google/rpc/status.proto']);
  root.resolveAll();
  withOwnOnlyOneofSetters(() => {
    for (const type of typesOf(root)) void type.ctor;
  });
  const signalTypes = (signal: OtlpSignal): OtlpSignalTypes => {
    const { pkg, stem, service, rejectedField } = names[signal];
    return {
      request: root.lookupType(`${pkg}.Export${stem}ServiceRequest`),
      response: root.lookupType(`${pkg}.Export${stem}ServiceResponse`),
      rejectedField,
      service: root.lookupService(`${pkg}.${service}`),
    };
  };
  loaded = {
    signals: { logs: signalTypes('logs'), traces: signalTypes('traces'), metrics: signalTypes('metrics') },
    status: root.lookupType('google.rpc.Status'),
    retryInfo: root.lookupType('google.rpc.RetryInfo'),
    badRequest: root.lookupType('google.rpc.BadRequest'),
  };
  return loaded;
}

function* typesOf(namespace: protobuf.NamespaceBase): Generator<protobuf.Type> {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) yield nested;
    if (nested instanceof protobuf.Namespace) yield* typesOf(nested);
  }
}

/**
 * Builds the message classes with a oneof setter that deletes only the members a
 * message really holds. protobufjs's decoder names the member it just read through
 * that setter (AnyValue's `value` on every attribute), and its own deletes every
 * other member, own or not: about a tenth of the decoding time of a Claude Code
 * export, for nothing (a fresh message holds none). Same result either way: the
 * member read last is the only one left. Only the classes built here use it.
 */
function withOwnOnlyOneofSetters(build: () => void): void {
  const util = protobuf.util as unknown as { oneOfSetter: (fieldNames: string[]) => (this: Record<string, unknown>, name: string) => void };
  const original = util.oneOfSetter;
  const hasOwn = Object.prototype.hasOwnProperty;
  util.oneOfSetter = (fieldNames) =>
    function setOneOf(this: Record<string, unknown>, name: string) {
      for (const field of fieldNames) if (field !== name && hasOwn.call(this, field)) delete this[field];
    };
  try {
    build();
  } finally {
    util.oneOfSetter = original;
  }
}


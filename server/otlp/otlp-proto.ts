import protobuf from 'protobufjs';
import type { OtlpSignal } from './otlp-paths';
import { otlpSchema } from './otlp-schema';

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

const names: Record<OtlpSignal, { pkg: string; stem: string; service: string; rejectedField: OtlpSignalTypes['rejectedField'] }> = {
  logs: { pkg: 'opentelemetry.proto.collector.logs.v1', stem: 'Logs', service: 'LogsService', rejectedField: 'rejectedLogRecords' },
  traces: { pkg: 'opentelemetry.proto.collector.trace.v1', stem: 'Trace', service: 'TraceService', rejectedField: 'rejectedSpans' },
  metrics: { pkg: 'opentelemetry.proto.collector.metrics.v1', stem: 'Metrics', service: 'MetricsService', rejectedField: 'rejectedDataPoints' },
};

let loaded: OtlpProto | null = null;

/** protobufjs's own google.protobuf definitions that google.rpc.Status and RetryInfo refer to. */
const commonTypes = ['google/protobuf/any.proto', 'google/protobuf/duration.proto'];

/** The OTLP message types, built once from otlp-schema.ts (protobufjs reflection; it generates the codecs). */
export function otlpProto(): OtlpProto {
  if (loaded !== null) return loaded;
  const root = new protobuf.Root();
  const common = protobuf.common as unknown as Record<string, protobuf.INamespace>;
  for (const file of commonTypes) root.addJSON(common[file]!.nested!);
  root.addJSON(otlpSchema.nested!);
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


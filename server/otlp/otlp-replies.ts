import type { OtlpEncoding } from './otlp-decode';
import { otlpProto } from './otlp-proto';
import type { ExportOutcome, OtlpFailure } from './otlp-receiver';

/** The Export<Signal>ServiceResponse; partial_success only when something was rejected (the spec: unset on full success). */
export function exportResponseBody(outcome: Extract<ExportOutcome, { kind: 'accepted' }>, encoding: OtlpEncoding): Buffer | string {
  const { response, rejectedField } = otlpProto().signals[outcome.signal];
  const partial = outcome.rejected > 0 || outcome.message !== '' ? { [rejectedField]: outcome.rejected, errorMessage: outcome.message } : undefined;
  if (encoding === 'json') {
    // Protobuf JSON: int64 as a decimal string, lowerCamelCase keys.
    return JSON.stringify(partial === undefined ? {} : { partialSuccess: { [rejectedField]: String(outcome.rejected), errorMessage: outcome.message } });
  }
  return Buffer.from(response.encode(response.fromObject(partial === undefined ? {} : { partialSuccess: partial })).finish());
}

/** google.rpc code numbers, as OTLP/gRPC uses them and OTLP/HTTP carries them in Status.code. */
export const grpcCodes = { INVALID_ARGUMENT: 3, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

export function grpcCodeOf(failure: OtlpFailure): number {
  switch (failure.status) {
    case 'bad-data':
    case 'unsupported':
      return grpcCodes.INVALID_ARGUMENT;
    // Without RetryInfo, RESOURCE_EXHAUSTED is not retried: right for a request over a limit.
    case 'too-large':
      return grpcCodes.RESOURCE_EXHAUSTED;
    // The spec's backpressure signal: UNAVAILABLE with RetryInfo.
    case 'throttled':
    case 'unavailable':
      return grpcCodes.UNAVAILABLE;
  }
}

export function httpStatusOf(failure: OtlpFailure): number {
  const byStatus: Record<OtlpFailure['status'], number> = { 'bad-data': 400, 'too-large': 413, unsupported: 415, throttled: 429, unavailable: 503 };
  return byStatus[failure.status];
}

/** Whole seconds for Retry-After, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * A google.rpc.Status for a failure, binary: its details carry RetryInfo (when to
 * retry) or BadRequest (what was wrong), packed as google.protobuf.Any.
 */
export function statusProtobuf(failure: OtlpFailure): Buffer {
  const { status, retryInfo, badRequest } = otlpProto();
  const details: { type_url: string; value: Uint8Array }[] = [];
  if (failure.retryAfterMs !== undefined) {
    const seconds = Math.floor(failure.retryAfterMs / 1000);
    const nanos = (failure.retryAfterMs % 1000) * 1_000_000;
    details.push({ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo.encode(retryInfo.fromObject({ retryDelay: { seconds, nanos } })).finish() });
  } else if (failure.status === 'bad-data') {
    const violation = { field: 'request', description: failure.message };
    details.push({ type_url: 'type.googleapis.com/google.rpc.BadRequest', value: badRequest.encode(badRequest.fromObject({ fieldViolations: [violation] })).finish() });
  }
  return Buffer.from(status.encode(status.fromObject({ code: grpcCodeOf(failure), message: failure.message, details })).finish());
}

/** The failure reply body in the request's encoding (JSON when the encoding is unknown, e.g. for a 415). */
export function failureBody(failure: OtlpFailure, encoding: OtlpEncoding | null): Buffer | string {
  if (encoding === 'protobuf') return statusProtobuf(failure);
  return JSON.stringify({ code: grpcCodeOf(failure), message: failure.message });
}

export const contentTypeOf = (encoding: OtlpEncoding | null) => (encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json');


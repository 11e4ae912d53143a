import zlib from 'node:zlib';
import protobuf from 'protobufjs';
import { otlpProto, type OtlpSignal } from './otlp-proto';

/** The two OTLP/HTTP payload encodings (the same messages either way). */
export type OtlpEncoding = 'protobuf' | 'json';

export type DecodeResult<T> =
  | { ok: true; request: T }
  | { ok: false; status: 'bad-data'; reason: string }
  | { ok: false; status: 'too-large'; reason: string };

export type DecompressResult = { ok: true; bytes: Buffer } | { ok: false; status: 'bad-data' | 'too-large' | 'unsupported'; reason: string };

/** `application/x-protobuf` or `application/json` (parameters such as charset ignored); null for anything else. */
export function encodingOfContentType(contentType: string | undefined): OtlpEncoding | null {
  const essence = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (essence === 'application/x-protobuf' || essence === 'application/protobuf') return 'protobuf';
  if (essence === 'application/json') return 'json';
  return null;
}

/** The body as sent, un-gzipped when `Content-Encoding: gzip`; never more than `maxBytes` after decompression (OTLP spec). */
export function decompressBody(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
  limitName: string,
): DecompressResult {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return { ok: true, bytes: body };
  if (coding !== 'gzip' && coding !== 'x-gzip') {
    return { ok: false, status: 'unsupported', reason: `Content-Encoding ${JSON.stringify(coding)} is not supported: send gzip or no encoding` };
  }
  try {
    return { ok: true, bytes: zlib.gunzipSync(body, { maxOutputLength: maxBytes }) };
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, status: 'too-large', reason: `body is over ${limitName} once decompressed: send smaller batches` };
    }
    return { ok: false, status: 'bad-data', reason: `body is not valid gzip (Content-Encoding: gzip): ${(err as Error).message}` };
  }
}

/** Decodes an Export<Signal>ServiceRequest; the reason names the message and what was wrong. */
export function decodeOtlpRequest<T>(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array): DecodeResult<T> {
  const type = otlpProto().signals[signal].request;
  try {
    if (encoding === 'protobuf') return { ok: true, request: type.decode(bytes) as unknown as T };
    const value = parseOtlpJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, status: 'bad-data', reason: `expected a JSON object (an ${type.name}), got ${describeJson(value)}` };
    }
    return { ok: true, request: type.fromObject(value as Record<string, unknown>) as unknown as T };
  } catch (err) {
    return { ok: false, status: 'bad-data', reason: decodeFailure(type.name, encoding, err) };
  }
}

function decodeFailure(typeName: string, encoding: OtlpEncoding, err: unknown): string {
  const message = (err as Error).message ?? String(err);
  // protobufjs stops at protoc's default recursion limit (100 nested messages; an AnyValue inside an array is two).
  if (message === 'max depth exceeded' || (err instanceof RangeError && /call stack/i.test(message))) {
    return `${typeName} is nested too deeply to decode (more than ${protobuf.util.recursionLimit} messages deep)`;
  }
  if (err instanceof SyntaxError) return `malformed JSON: ${message}`;
  if (err instanceof BadIdError) return message;
  // protobufjs names the field by its full path (`.opentelemetry.proto.logs.v1.LogRecord.body: object expected`).
  const what = encoding === 'protobuf' ? `not a valid ${typeName} protobuf` : `not a valid ${typeName} in OTLP JSON`;
  return `${what}: ${message.replace(/^\.opentelemetry\.proto\./, '')}`;
}

const describeJson = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

class BadIdError extends Error {}

/** The id fields OTLP JSON writes as hex, not the base64 of standard protobuf JSON. */
const hexIdFields = new Set(['traceId', 'spanId', 'parentSpanId']);
const hexPattern = /^(?:[0-9a-fA-F]{2})*$/;

/** JSON.parse with OTLP's deviation: trace and span ids become bytes from (case-insensitive) hex. */
function parseOtlpJson(text: string): unknown {
  return JSON.parse(text, function revive(this: unknown, key: string, value: unknown) {
    if (!hexIdFields.has(key) || typeof value !== 'string' || Array.isArray(this)) return value;
    if (!hexPattern.test(value)) throw new BadIdError(`\`${key}\` must be hex (OTLP JSON), got ${JSON.stringify(value.slice(0, 40))}`);
    return Buffer.from(value, 'hex');
  });
}

import fc from 'fast-check';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOtlpMapper } from '../test-support/otlp-test-mapper';
import { startTestServer } from '../test-support/test-server';
import { decodeOtlpRequest, type OtlpEncoding } from './otlp-decode';
import { otlpProto, otlpSignals, type OtlpSignal } from './otlp-proto';
import { logRecordsOf, spansOf } from './otlp-records-of';
import { anyValue, maxAnyValueDepth, UnusableRecordError } from './otlp-values';
import type { WireAnyValue, WireLogsRequest, WireTracesRequest } from './otlp-wire';

// Whatever arrives, the decoder answers with records or a reason, never a throw;
// the server answers 200/400/413/415, never a 500, and keeps answering.

/** Decodes and reads records the way the receiver does; throws only on a bug. */
function decodeAndRead(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array) {
  const decoded = decodeOtlpRequest<WireLogsRequest & WireTracesRequest>(signal, encoding, bytes);
  if (!decoded.ok) {
    expect(decoded.reason.length).toBeGreaterThan(0);
    return decoded;
  }
  if (signal === 'logs') logRecordsOf(decoded.request);
  if (signal === 'traces') spansOf(decoded.request);
  return decoded;
}

const validLogs = otlpProto().signals.logs.request;
const sample = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] },
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: '1764763200000000000',
              body: { stringValue: 'claude_code.api_request' },
              traceId: Buffer.alloc(16, 7),
              attributes: [
                { key: 'input_tokens', value: { intValue: '9007199254740993' } },
                { key: 'list', value: { arrayValue: { values: [{ doubleValue: 1.5 }, { bytesValue: Buffer.from([1, 2]) }] } } },
                { key: 'kv', value: { kvlistValue: { values: [{ key: '__proto__', value: { boolValue: true } }] } } },
              ],
            },
          ],
        },
      ],
    },
  ],
};
const sampleBytes = validLogs.encode(validLogs.fromObject(sample)).finish();

/** A JSON AnyValue of random shape and types, right or wrong. */
const anyValueJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
    fc.record({ intValue: fc.oneof(fc.bigInt().map(String), fc.integer(), fc.string(), fc.double()) }),
    fc.record({ doubleValue: fc.oneof(fc.double(), fc.string()) }),
    fc.record({ boolValue: fc.oneof(fc.boolean(), fc.string()) }),
    fc.record({ bytesValue: fc.oneof(fc.base64String(), fc.integer()) }),
    fc.record({ arrayValue: fc.record({ values: fc.oneof(fc.array(tie('value'), { maxLength: 3 }), fc.jsonValue()) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.oneof(fc.string(), fc.constant('__proto__')), value: tie('value') }), { maxLength: 3 }) }) }),
    fc.jsonValue(),
  ),
})).value;

const logsJson = fc.record({
  resourceLogs: fc.oneof(
    fc.array(
      fc.record({
        resource: fc.oneof(fc.record({ attributes: fc.array(fc.record({ key: fc.string(), value: anyValueJson }), { maxLength: 3 }) }), fc.jsonValue()),
        scopeLogs: fc.array(
          fc.record({
            logRecords: fc.array(
              fc.record(
                {
                  timeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String), fc.integer(), fc.string()),
                  body: anyValueJson,
                  traceId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string()),
                  attributes: fc.oneof(fc.array(fc.record({ key: fc.string(), value: anyValueJson }), { maxLength: 4 }), fc.jsonValue()),
                  severityNumber: fc.oneof(fc.integer(), fc.string()),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 3 },
            ),
          }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 2 },
    ),
    fc.jsonValue(),
  ),
});

/** `levels` arrays inside each other as one log record's body, built with protobufjs's Writer (no recursion, so any depth). */
function deeplyNestedLogs(levels: number): Uint8Array {
  let anyValue = protobuf.Writer.create().uint32((1 << 3) | 2).string('bottom').finish(); // AnyValue.string_value = 1
  for (let i = 0; i < levels; i++) {
    const array = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(anyValue).finish(); // ArrayValue.values = 1
    anyValue = protobuf.Writer.create().uint32((5 << 3) | 2).bytes(array).finish(); // AnyValue.array_value = 5
  }
  const record = protobuf.Writer.create().uint32((5 << 3) | 2).bytes(anyValue).finish(); // LogRecord.body = 5
  const scope = protobuf.Writer.create().uint32((2 << 3) | 2).bytes(record).finish(); // ScopeLogs.log_records = 2
  const resource = protobuf.Writer.create().uint32((2 << 3) | 2).bytes(scope).finish(); // ResourceLogs.scope_logs = 2
  return protobuf.Writer.create().uint32((1 << 3) | 2).bytes(resource).finish(); // ExportLogsServiceRequest.resource_logs = 1
}

describe('OTLP decoding under fuzz', () => {
  it('reads the sample exactly: int64 beyond 2^53 as a string, bytes as hex, kvlist keys as data', () => {
    const decoded = decodeOtlpRequest<WireLogsRequest>('logs', 'protobuf', sampleBytes);
    expect(decoded.ok).toBe(true);
    const { records } = logRecordsOf((decoded as { request: WireLogsRequest }).request);
    const attrs = records[0]!.attributes;
    expect(attrs.get('input_tokens')).toBe('9007199254740993');
    expect(attrs.get('list')).toEqual([1.5, '0102']);
    const kv = attrs.get('kv') as Record<string, unknown>;
    expect(Object.getPrototypeOf(kv)).toBeNull();
    expect(Object.keys(kv)).toEqual(['__proto__']);
    expect(records[0]!.traceId).toBe('07'.repeat(16));
    expect(records[0]!.timeUnixNano).toBe('1764763200000000000');
  });

  it('never throws on random bytes for any signal', () => {
    fc.assert(
      fc.property(fc.constantFrom(...otlpSignals), fc.uint8Array({ maxLength: 512 }), (signal, bytes) => {
        decodeAndRead(signal, 'protobuf', bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on a valid request with bytes flipped, cut or inserted', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(sampleBytes.length), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert')), { minLength: 1, maxLength: 6 }), (edits) => {
        let bytes = Buffer.from(sampleBytes);
        for (const [at, value, kind] of edits) {
          if (kind === 'flip' && at < bytes.length) bytes[at] = value;
          if (kind === 'cut') bytes = bytes.subarray(0, at);
          if (kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([value]), bytes.subarray(at)]);
        }
        decodeAndRead('logs', 'protobuf', bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on OTLP JSON with wrong types anywhere', () => {
    fc.assert(
      fc.property(logsJson, (request) => {
        decodeAndRead('logs', 'json', Buffer.from(JSON.stringify(request)));
        decodeAndRead('traces', 'json', Buffer.from(JSON.stringify({ resourceSpans: (request as { resourceLogs: unknown }).resourceLogs })));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads values nested as deep as protobuf decodes; refuses a request nested deeper with the reason, at any depth', () => {
    const within = decodeOtlpRequest<WireLogsRequest>('logs', 'protobuf', deeplyNestedLogs(45));
    expect(within.ok).toBe(true);
    expect(logRecordsOf((within as { request: WireLogsRequest }).request).records).toHaveLength(1);
    const refusal = { ok: false, status: 'bad-data', reason: 'ExportLogsServiceRequest is nested too deeply to decode (more than 100 messages deep)' };
    expect(decodeOtlpRequest('logs', 'protobuf', deeplyNestedLogs(60))).toEqual(refusal);
    expect(decodeOtlpRequest('logs', 'protobuf', deeplyNestedLogs(5_000))).toEqual(refusal);
    const jsonAbyss = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(100_000)}${']}}'.repeat(100_000)}}]}]}]}`;
    expect(decodeOtlpRequest('logs', 'json', Buffer.from(jsonAbyss))).toEqual(refusal);
  });

  it('refuses one record whose value is nested past maxAnyValueDepth, should a decoder ever hand one over', () => {
    let value: WireAnyValue = { stringValue: 'bottom' };
    for (let i = 0; i < maxAnyValueDepth; i++) value = { arrayValue: { values: [value] } };
    expect(() => anyValue(value, 'log record 3 body')).toThrow(new UnusableRecordError(`log record 3 body is nested more than ${maxAnyValueDepth} levels deep`));
    expect(() => anyValue((value.arrayValue!.values[0])!, 'x')).not.toThrow();
  });
});

describe('the OTLP/HTTP routes under fuzz', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    t = await startTestServer({ otlpMapper: createTestOtlpMapper(), config: { maxEventBytes: 64 * 1024 } });
  });
  afterAll(() => t.server.close());

  it('answers every body with 200, 400, 413 or 415 and keeps serving', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 256 }).map((b) => ({ type: 'application/x-protobuf', body: Buffer.from(b) })),
      logsJson.map((r) => ({ type: 'application/json', body: Buffer.from(JSON.stringify(r)) })),
      fc.string().map((s) => ({ type: 'application/json', body: Buffer.from(s) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...otlpSignals), body, async (signal, { type, body: bytes }) => {
        const res = await fetch(`${t.url}/v1/${signal}`, { method: 'POST', headers: { 'content-type': type }, body: bytes });
        await res.arrayBuffer();
        expect([200, 400, 413, 415]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
    // Huge attribute values: the event made of them is refused over maxEventBytes, the request still answered.
    const huge = { key: 'input_tokens', value: { stringValue: 'x'.repeat(200_000) } };
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ key: 'session.id', value: { stringValue: 'fuzz-huge' } }, { key: 'model', value: { stringValue: 'm'.repeat(100_000) } }, huge] }] }] }] };
    const res = await fetch(`${t.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    expect(res.status).toBe(200);
    const partial = ((await res.json()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } }).partialSuccess;
    expect(partial.rejectedLogRecords).toBe('1');
    expect(partial.errorMessage.length).toBeLessThan(1000);
    const health = await fetch(`${t.url}/api/v1/health`);
    expect(health.status).toBe(200);
  });
});

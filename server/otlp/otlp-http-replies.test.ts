import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestOtlpMapper } from '../test-support/otlp-test-mapper';
import { testServers } from '../test-support/test-server';
import { otlpProto } from './otlp-proto';

// What an exporter hears back from POST /v1/{logs,traces,metrics}, per the OTLP
// spec (opentelemetry-proto docs/specification.md, "OTLP/HTTP Response"): the
// Export*ServiceResponse in the request's encoding, partial_success for records
// not used, google.rpc.Status bodies for failures, and the retryable codes with
// Retry-After only where a retry can succeed.

const servers = testServers(afterEach);
const unique = () => `otlp-${Math.random().toString(36).slice(2, 10)}`;

type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string): Attr => ({ key, value: { intValue: String(value) } });

/** An ExportLogsServiceRequest as OTLP JSON: one token-bearing record per seq. */
function logsRequest(session: string, seqs: number[], extra: (seq: number) => Attr[] = () => []) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'claude-code')] },
        scopeLogs: [
          {
            scope: { name: 'com.anthropic.claude_code.events', version: '2.0.0' },
            logRecords: seqs.map((seq) => ({
              timeUnixNano: `${Date.UTC(2026, 11, 3, 12) + seq}000000`,
              body: { stringValue: 'claude_code.api_request' },
              attributes: [str('session.id', session), int('event.sequence', seq), int('input_tokens', 100), int('output_tokens', 10), ...extra(seq)],
            })),
          },
        ],
      },
    ],
  };
}

const logs = otlpProto().signals.logs;
const encodeLogs = (request: object) => Buffer.from(logs.request.encode(logs.request.fromObject(request)).finish());

async function post(url: string, path: string, body: Buffer | string, headers: Record<string, string>) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  post(url, '/v1/logs', typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json', ...headers });
const postProto = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
  post(url, '/v1/logs', body, { 'content-type': 'application/x-protobuf', ...headers });

const statusOf = (bytes: Buffer) => otlpProto().status.toObject(otlpProto().status.decode(bytes), { defaults: true }) as { code: number; message: string; details: { type_url: string; value: Uint8Array }[] };
const jsonOf = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;

describe('OTLP/HTTP replies', () => {
  it('answers a full success with an empty ExportLogsServiceResponse in the request encoding', async () => {
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    const json = await postJson(url, logsRequest(unique(), [1, 2]));
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(jsonOf(json.bytes)).toEqual({});
    const proto = await postProto(url, encodeLogs(logsRequest(unique(), [1, 2])));
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect(logs.response.decode(proto.bytes).toJSON()).toEqual({});
  });

  it('answers an empty request with success', async () => {
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    expect((await postProto(url, Buffer.alloc(0))).status).toBe(200);
    expect((await postJson(url, {})).status).toBe(200);
  });

  it('reports records the mapping could not use, and events refused by validation, as partial_success', async () => {
    const { url, server } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    const session = unique();
    const request = logsRequest(session, [1, 2, 3]);
    // Record 1 names no session (the mapping refuses it); record 2 carries tokens that are not a number (validation refuses its event).
    request.resourceLogs[0]!.scopeLogs[0]!.logRecords[1]!.attributes.shift();
    request.resourceLogs[0]!.scopeLogs[0]!.logRecords[2]!.attributes[2] = str('input_tokens', 'lots');
    const json = await postJson(url, request);
    expect(json.status).toBe(200);
    const partial = jsonOf(json.bytes).partialSuccess as { rejectedLogRecords: string; errorMessage: string };
    expect(partial.rejectedLogRecords).toBe('2');
    expect(partial.errorMessage).toContain('log record 1: no session.id');
    expect(partial.errorMessage).toMatch(/event 1 \(token_usage, session otlp-\w+, seq 3\): token_usage: field `prompt_tokens`/);
    expect(server.pipeline.counters.accepted).toBe(1);

    const proto = await postProto(url, encodeLogs(request));
    const decoded = logs.response.toObject(logs.response.decode(proto.bytes), { longs: Number }) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
    expect(decoded.partialSuccess.rejectedLogRecords).toBe(2);
    expect(decoded.partialSuccess.errorMessage).toContain('no session.id');
  });

  it('refuses another content type with 415 naming the two it takes', async () => {
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    const res = await post(url, '/v1/logs', 'hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(jsonOf(res.bytes).message).toBe('Content-Type "text/plain" is not OTLP: send application/x-protobuf or application/json');
    const brotli = await postProto(url, encodeLogs(logsRequest(unique(), [1])), { 'content-encoding': 'br' });
    expect(brotli.status).toBe(415);
    expect(statusOf(brotli.bytes).message).toContain('Content-Encoding "br" is not supported');
  });

  it('refuses an undecodable body with 400 and the reason, in the request encoding, never retried', async () => {
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    const garbage = await postProto(url, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get('retry-after')).toBeNull();
    const status = statusOf(garbage.bytes);
    expect(status.message).toMatch(/^not a valid ExportLogsServiceRequest protobuf: /);
    expect(status.details[0]!.type_url).toBe('type.googleapis.com/google.rpc.BadRequest');

    const wrongType = await postJson(url, { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: 'text' }] }] }] });
    expect(wrongType.status).toBe(400);
    expect(jsonOf(wrongType.bytes).message).toBe('not a valid ExportLogsServiceRequest in OTLP JSON: logs.v1.LogRecord.body: object expected');

    const badHex = await postJson(url, { resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: 'not-hex' }] }] }] });
    expect(jsonOf(badHex.bytes).message).toBe('`traceId` must be hex (OTLP JSON), got "not-hex"');
    expect((await postJson(url, '{"resourceLogs": [')).status).toBe(400);
    expect(jsonOf((await postJson(url, '[1]')).bytes).message).toBe('expected a JSON object (an ExportLogsServiceRequest), got an array');
    const badGzip = await postProto(url, Buffer.from('not gzip'), { 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
    expect(statusOf(badGzip.bytes).message).toMatch(/^body is not valid gzip/);
  });

  it('reads gzip bodies and hex ids in either case', async () => {
    const mapper = createTestOtlpMapper();
    const { url } = await servers.start({ otlpMapper: mapper });
    const request = logsRequest(unique(), [1]);
    Object.assign(request.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!, { traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'eee19b7ec3c1b174' });
    const ok = await post(url, '/v1/logs', zlib.gzipSync(JSON.stringify(request)), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(ok.status).toBe(200);
    expect(mapper.seenLogs[0]).toMatchObject({ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' });
  });

  it('refuses a body over maxBodyBytes, also once decompressed, and a request over maxBatchEvents, with 413 naming the setting', async () => {
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { maxBodyBytes: 4096, maxBatchEvents: 5 } });
    const big = await postProto(url, Buffer.alloc(8192, 1));
    expect(big.status).toBe(413);
    expect(statusOf(big.bytes).message).toBe('body is over the maxBodyBytes limit of 4 KiB (TETHER_MAX_BODY_BYTES): send smaller batches');
    const bomb = await postProto(url, zlib.gzipSync(Buffer.alloc(100_000)), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(statusOf(bomb.bytes).message).toContain('TETHER_MAX_BODY_BYTES) once decompressed');
    const many = await postJson(url, logsRequest(unique(), [1, 2, 3, 4, 5, 6]));
    expect(many.status).toBe(413);
    expect(jsonOf(many.bytes).message).toBe("request holds 6 log records, over the maxBatchEvents limit of 5 (TETHER_MAX_BATCH_EVENTS): lower the exporter's batch size");
  });

  it('answers 429 with Retry-After over the event rate, naming the setting, and stores nothing of that request', async () => {
    const { url, server } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { ingestEventsPerSecond: 10 } });
    const session = unique();
    expect((await postJson(url, logsRequest(session, [1, 2, 3, 4, 5, 6, 7, 8]))).status).toBe(200);
    const limited = await postJson(url, logsRequest(session, [9, 10, 11, 12, 13, 14, 15, 16]));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(jsonOf(limited.bytes).message).toMatch(/^rate limited: over the ingestEventsPerSecond limit of 10 events a second per client address \(TETHER_INGEST_EVENTS_PER_SECOND\)/);
    expect(server.pipeline.counters.accepted).toBe(8);
  });

  it('answers 503 with Retry-After when the pipeline cannot take the batch', async () => {
    const { url, server } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    await server.pipeline.drain();
    const res = await postProto(url, encodeLogs(logsRequest(unique(), [1])));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const status = statusOf(res.bytes);
    expect(status.message).toBe('server is shutting down');
    expect(status.details[0]!.type_url).toBe('type.googleapis.com/google.rpc.RetryInfo');
  });

  it('needs an ingest token on the OTLP paths when the server has tokens', async () => {
    const tokens = { ingestTokens: 'ingest-secret-token-0123456789', readTokens: 'read-secret-token-0123456789' };
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: tokens });
    for (const path of ['/v1/logs', '/v1/traces', '/v1/metrics']) {
      const none = await post(url, path, '{}', { 'content-type': 'application/json' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tether-watch"');
      const read = await post(url, path, '{}', { 'content-type': 'application/json', authorization: `Bearer ${tokens.readTokens}` });
      expect(read.status).toBe(403);
      const ingest = await post(url, path, '{}', { 'content-type': 'application/json', authorization: `Bearer ${tokens.ingestTokens}` });
      expect(ingest.status).toBe(200);
    }
  });
});

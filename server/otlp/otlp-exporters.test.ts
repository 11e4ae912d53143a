import * as grpc from '@grpc/grpc-js';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestOtlpMapper } from '../test-support/otlp-test-mapper';
import { testServers, waitFor } from '../test-support/test-server';

// The official OpenTelemetry JS SDKs and exporters (protobuf, JSON, gRPC) send into
// the real server; what they sent is read back over REST. The mapping is a tiny
// test mapping (server/test-support/otlp-test-mapper.ts): these tests are about
// the transport, the real mapping has its own.

const servers = testServers(afterEach);

const unique = () => `otlp-${Math.random().toString(36).slice(2, 10)}`;

async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** Emits `count` token-bearing log records through the SDK and the exporter, and flushes them out. */
async function exportLogs(exporter: LogRecordExporter, session: string, count: number, firstSeq = 1) {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otlp-test-agent' }),
    processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 50 })],
  });
  const logger = provider.getLogger('tether-test', '1.0.0');
  for (let i = 0; i < count; i++) {
    logger.emit({
      body: 'claude_code.api_request',
      timestamp: Date.UTC(2026, 11, 3, 12, 0, i),
      attributes: { 'session.id': session, 'event.sequence': firstSeq + i, model: 'claude-sonnet-4-5', input_tokens: 1000 + i, output_tokens: 200 },
    });
  }
  await provider.forceFlush();
  await provider.shutdown();
}

async function exportSpans(exporter: SpanExporter, session: string, count: number) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otlp-test-agent' }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('tether-test');
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('chat claude-sonnet-4-5', { attributes: { 'session.id': session, model: 'claude-sonnet-4-5', input_tokens: 500, output_tokens: 50 + i } });
    span.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
}

async function tokenUsage(url: string, session: string) {
  const body = await getJson(`${url}/api/v1/token-usage?session=${session}`);
  return body.records as { prompt_tokens: number; completion_tokens: number }[];
}

describe('OTLP from the official OpenTelemetry exporters', () => {
  const httpLogExporters = {
    'http/protobuf': (url: string) => new ProtoLogExporter({ url: `${url}/v1/logs` }),
    'http/json': (url: string) => new JsonLogExporter({ url: `${url}/v1/logs` }),
    'http/protobuf gzip': (url: string) => new ProtoLogExporter({ url: `${url}/v1/logs`, compression: 'gzip' as never /* the CompressionAlgorithm enum's value; the enum is not exported here */ }),
  };
  for (const [name, make] of Object.entries(httpLogExporters)) {
    it(`stores log records sent over ${name}, read back as sessions, events and usage`, async () => {
      const mapper = createTestOtlpMapper();
      const { url } = await servers.start({ otlpMapper: mapper });
      const session = unique();
      await exportLogs(make(url), session, 120);
      const summary = await getJson(`${url}/api/v1/sessions/${session}`);
      expect(summary).toMatchObject({ session_id: session, producer: 'otlp', event_count: 120 });
      const events = await getJson(`${url}/api/v1/sessions/${session}/events?limit=500`);
      expect((events.events as unknown[]).length).toBe(120);
      const records = await tokenUsage(url, session);
      expect(records).toHaveLength(120);
      expect(records.reduce((n, r) => n + r.prompt_tokens, 0)).toBe(120 * 1000 + (119 * 120) / 2);
      // The records reached the mapping as the seam describes them.
      const first = mapper.seenLogs.find((r) => r.attributes.get('event.sequence') === 1)!;
      expect(first.body).toBe('claude_code.api_request');
      expect(first.resource.get('service.name')).toBe('otlp-test-agent');
      expect(first.scopeName).toBe('tether-test');
      expect(first.scopeVersion).toBe('1.0.0');
      expect(first.timeUnixNano).toBe(`${Date.UTC(2026, 11, 3, 12, 0, 0)}000000`);
    });
  }

  it('stores nothing twice when an exporter re-sends the same records', async () => {
    const { url } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    const session = unique();
    await exportLogs(new ProtoLogExporter({ url: `${url}/v1/logs` }), session, 30);
    await exportLogs(new JsonLogExporter({ url: `${url}/v1/logs` }), session, 30);
    expect(await tokenUsage(url, session)).toHaveLength(30);
    const health = await getJson(`${url}/api/v1/health`);
    expect(health).toMatchObject({ ingest: { accepted: 30, duplicates: 30 } });
  });

  const httpTraceExporters = {
    'http/protobuf': (url: string) => new ProtoTraceExporter({ url: `${url}/v1/traces` }),
    'http/json': (url: string) => new JsonTraceExporter({ url: `${url}/v1/traces` }),
  };
  for (const [name, make] of Object.entries(httpTraceExporters)) {
    it(`stores spans sent over ${name}`, async () => {
      const mapper = createTestOtlpMapper();
      const { url } = await servers.start({ otlpMapper: mapper });
      const session = unique();
      await exportSpans(make(url), session, 10);
      expect(await tokenUsage(url, session)).toHaveLength(10);
      const span = mapper.seenSpans[0]!;
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.name).toBe('chat claude-sonnet-4-5');
      expect(span.kind).toBe(1);
      expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
    });
  }

  it('takes logs and spans over OTLP/gRPC on --otlp-grpc-port, with the ingest token in the metadata', async () => {
    const { server, url } = await servers.start({
      otlpMapper: createTestOtlpMapper(),
      config: { otlpGrpcPort: 0, ingestTokens: 'ingest-secret-token-0123456789', readTokens: 'read-secret-token-0123456789' },
    });
    const grpcUrl = `http://127.0.0.1:${server.otlp.grpc!.port}`;
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer ingest-secret-token-0123456789');
    const session = unique();
    await exportLogs(new GrpcLogExporter({ url: grpcUrl, metadata }), session, 25);
    await exportSpans(new GrpcTraceExporter({ url: grpcUrl, metadata }), session, 5);
    const res = await fetch(`${url}/api/v1/token-usage?session=${session}`, { headers: { authorization: 'Bearer read-secret-token-0123456789' } });
    expect(((await res.json()) as { records: unknown[] }).records).toHaveLength(30);
  });

  it('refuses an OTLP/gRPC export without the ingest token, and stores nothing', async () => {
    const mapper = createTestOtlpMapper();
    const { server } = await servers.start({ otlpMapper: mapper, config: { otlpGrpcPort: 0, ingestTokens: 'ingest-secret-token-0123456789' } });
    const exporter = new GrpcLogExporter({ url: `http://127.0.0.1:${server.otlp.grpc!.port}` });
    const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter })] });
    provider.getLogger('t').emit({ body: 'x', attributes: { 'session.id': unique(), 'event.sequence': 1 } });
    await provider.forceFlush();
    await provider.shutdown();
    expect(mapper.seenLogs).toHaveLength(0);
    expect(server.pipeline.counters.accepted).toBe(0);
  });

  it('maps a Claude Code api_request with the real mapping on the OTLP worker, and stores a re-sent one once', async () => {
    const { url, server } = await servers.start();
    const session = `3f1c2a9e-5b7d-4e21-9c0a-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`;
    // Attributes as Claude Code's monitoring docs list them for `claude_code.api_request` (see mapping/fixtures/claude-code-logs.json).
    const emit = async () => {
      const provider = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.1.200' }),
        processors: [new BatchLogRecordProcessor({ exporter: new ProtoLogExporter({ url: `${url}/v1/logs` }) })],
      });
      provider.getLogger('com.anthropic.claude_code.events', '2.1.200').emit({
        body: 'claude_code.api_request',
        timestamp: Date.UTC(2026, 11, 3, 15, 0, 4),
        attributes: {
          'session.id': session,
          'event.name': 'api_request',
          'event.timestamp': '2026-12-03T15:00:04.200Z',
          'event.sequence': 2,
          model: 'claude-sonnet-4-5-20250929',
          cost_usd: 0.0123,
          duration_ms: 4100,
          input_tokens: 12,
          output_tokens: 340,
          cache_read_tokens: 15000,
          cache_creation_tokens: 2000,
          query_source: 'repl_main_thread',
        },
      });
      await provider.forceFlush();
      await provider.shutdown();
    };
    await emit();
    await emit();
    const records = (await getJson(`${url}/api/v1/token-usage?session=${session}`)).records as Record<string, unknown>[];
    expect(records).toHaveLength(1);
    // Claude Code's input_tokens leave the cache out; prompt_tokens is the whole input.
    expect(records[0]).toMatchObject({ prompt_tokens: 12 + 15000 + 2000, completion_tokens: 340, cache_read_tokens: 15000, cache_write_tokens: 2000 });
    expect(server.otlp.receiver.counters.logRecords).toBe(2);
  });

  it('accepts and counts metrics without storing them', async () => {
    const { server, url } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    const res = await fetch(`${url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.token.usage', sum: { dataPoints: [{ asInt: '12' }, { asInt: '7' }] } }] }] }],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await waitFor(() => server.otlp.receiver.counters.metricDataPoints === 2, 'metric data points counted');
    expect(server.pipeline.counters.accepted).toBe(0);
    const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { otlp?: unknown };
    expect(health.otlp).toEqual({ log_records: 0, spans: 0, metric_data_points: 2 });
  });
});

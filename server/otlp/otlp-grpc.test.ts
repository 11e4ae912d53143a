import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestOtlpMapper } from '../test-support/otlp-test-mapper';
import { testServers } from '../test-support/test-server';
import { clientAddressOf } from './otlp-grpc-server';
import { otlpProto } from './otlp-proto';

// The gRPC side's refusals, through a plain grpc-js client (the official exporters,
// which only say "failed", are in otlp-exporters.test.ts): the codes the OTLP spec
// asks for, the reason in the message, RetryInfo where a retry can succeed.

const servers = testServers(afterEach);
const identity = (b: Buffer) => b;

async function exportLogs(port: number, body: Buffer, metadata = new grpc.Metadata()) {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    return await new Promise<{ error: grpc.ServiceError | null; reply: Buffer | undefined }>((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.logs.v1.LogsService/Export', identity, identity, body, metadata, (error, reply) =>
        resolve({ error, reply }),
      );
    });
  } finally {
    client.close();
  }
}

const { request: logsRequest, response: logsResponse } = otlpProto().signals.logs;
const logsBody = (session: string, seqs: number[]) =>
  Buffer.from(
    logsRequest
      .encode(
        logsRequest.fromObject({
          resourceLogs: [
            {
              scopeLogs: [
                {
                  logRecords: seqs.map((seq) => ({
                    timeUnixNano: `${Date.UTC(2026, 11, 3) + seq}000000`,
                    attributes: [
                      { key: 'session.id', value: { stringValue: session } },
                      { key: 'event.sequence', value: { intValue: seq } },
                      { key: 'input_tokens', value: { intValue: 5 } },
                      { key: 'output_tokens', value: { intValue: 1 } },
                    ],
                  })),
                },
              ],
            },
          ],
        }),
      )
      .finish(),
  );

/** The google.rpc.Status the server put in `grpc-status-details-bin`. */
function statusDetails(error: grpc.ServiceError) {
  const bytes = error.metadata.get('grpc-status-details-bin')[0] as Buffer;
  const { status, retryInfo } = otlpProto();
  const decoded = status.toObject(status.decode(bytes)) as { code: number; message: string; details: { type_url: string; value: Uint8Array }[] };
  const retry = decoded.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.RetryInfo');
  return { ...decoded, retryDelay: retry ? (retryInfo.toObject(retryInfo.decode(retry.value), { longs: Number }) as { retryDelay: { seconds?: number; nanos?: number } }).retryDelay : undefined };
}

describe('OTLP/gRPC', () => {
  it('answers an export with an empty ExportLogsServiceResponse, and a partial one with the count and reasons', async () => {
    const { server } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { otlpGrpcPort: 0 } });
    const ok = await exportLogs(server.otlp.grpc!.port, logsBody('grpc-ok', [1, 2]));
    expect(ok.error).toBeNull();
    expect(logsResponse.decode(ok.reply!).toJSON()).toEqual({});
    const partial = await exportLogs(server.otlp.grpc!.port, Buffer.from(logsRequest.encode(logsRequest.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] })).finish()));
    expect(logsResponse.toObject(logsResponse.decode(partial.reply!), { longs: Number })).toEqual({
      partialSuccess: { rejectedLogRecords: 1, errorMessage: '1 of 1 log records not stored: log record 0: no session.id' },
    });
  });

  it('refuses bytes that do not decode with INVALID_ARGUMENT and the reason', async () => {
    const { server } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { otlpGrpcPort: 0 } });
    const { error } = await exportLogs(server.otlp.grpc!.port, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(error!.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error!.details).toMatch(/^not a valid ExportLogsServiceRequest protobuf: /);
  });

  it('throttles over the event rate with UNAVAILABLE and RetryInfo, as the OTLP spec asks', async () => {
    const { server } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { otlpGrpcPort: 0, ingestEventsPerSecond: 10 } });
    expect((await exportLogs(server.otlp.grpc!.port, logsBody('grpc-rate', [1, 2, 3, 4, 5, 6, 7, 8]))).error).toBeNull();
    const { error } = await exportLogs(server.otlp.grpc!.port, logsBody('grpc-rate', [9, 10, 11, 12, 13, 14, 15, 16]));
    expect(error!.code).toBe(grpc.status.UNAVAILABLE);
    expect(error!.details).toMatch(/TETHER_INGEST_EVENTS_PER_SECOND/);
    const details = statusDetails(error!);
    expect(details.code).toBe(grpc.status.UNAVAILABLE);
    expect((details.retryDelay!.seconds ?? 0) * 1000 + (details.retryDelay!.nanos ?? 0) / 1e6).toBeGreaterThan(0);
    expect(server.pipeline.counters.accepted).toBe(8);
  });

  it('refuses a request over maxBatchEvents with RESOURCE_EXHAUSTED, which exporters do not retry', async () => {
    const { server } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { otlpGrpcPort: 0, maxBatchEvents: 2 } });
    const { error } = await exportLogs(server.otlp.grpc!.port, logsBody('grpc-big', [1, 2, 3]));
    expect(error!.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(error!.details).toContain('TETHER_MAX_BATCH_EVENTS');
  });

  it('checks the ingest token: UNAUTHENTICATED without one, PERMISSION_DENIED with a read token', async () => {
    const tokens = { ingestTokens: 'ingest-secret-token-0123456789', readTokens: 'read-secret-token-0123456789' };
    const { server } = await servers.start({ otlpMapper: createTestOtlpMapper(), config: { otlpGrpcPort: 0, ...tokens } });
    const port = server.otlp.grpc!.port;
    expect((await exportLogs(port, logsBody('grpc-auth', [1]))).error!.code).toBe(grpc.status.UNAUTHENTICATED);
    const read = new grpc.Metadata();
    read.set('authorization', `Bearer ${tokens.readTokens}`);
    expect((await exportLogs(port, logsBody('grpc-auth', [1]), read)).error!.code).toBe(grpc.status.PERMISSION_DENIED);
    const ingest = new grpc.Metadata();
    ingest.set('authorization', `Bearer ${tokens.ingestTokens}`);
    expect((await exportLogs(port, logsBody('grpc-auth', [1]), ingest)).error).toBeNull();
  });

  it('is off unless a port is configured', async () => {
    const { server } = await servers.start({ otlpMapper: createTestOtlpMapper() });
    expect(server.otlp.grpc).toBeNull();
  });

  it('keys the rate limit by the peer address', () => {
    expect(clientAddressOf('ipv4:127.0.0.1:51234')).toBe('127.0.0.1');
    expect(clientAddressOf('ipv6:[::1]:51234')).toBe('::1');
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config';
import { ingestLimitsOf } from '../ingest/ingest-limits';
import { OtlpPrepWorker } from './otlp-prep-client';
import { otlpProto } from './otlp-proto';

// The OTLP worker as the receiver uses it: exports in, prepared exports out; an
// export it could not finish is refused as retryable, never lost silently.

const limits = ingestLimitsOf(resolveConfig({ host: '127.0.0.1', demo: false }, {}));
const { request } = otlpProto().signals.logs;
const body = Buffer.from(request.encode(request.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'claude_code.api_request' } }] }] }] })).finish());

describe('the OTLP worker', () => {
  it('prepares exports with the real mapping, in order, and refuses those in flight when it stops', async () => {
    const worker = new OtlpPrepWorker(limits, pino({ level: 'silent' }));
    const first = await worker.prepare('logs', 'protobuf', body, 'client');
    // A record without a session gives no event; the mapping says why.
    expect(first).toMatchObject({ kind: 'ready', total: 1, read: 1, json: [], rejected: 1 });
    expect(await worker.prepare('logs', 'protobuf', Buffer.from([0xff]), 'client')).toMatchObject({ kind: 'refused', failure: { status: 'bad-data' } });
    const inFlight = worker.prepare('logs', 'protobuf', body, 'client');
    // Holds this thread while the worker prepares and posts its reply: the reply is then
    // waiting to be delivered when close() comes, the race that made this test flaky.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    await worker.close();
    expect(await inFlight).toMatchObject({ kind: 'refused', failure: { status: 'unavailable', retryAfterMs: 1000 } });
    expect(await worker.prepare('logs', 'protobuf', body, 'client')).toMatchObject({ kind: 'refused', failure: { status: 'unavailable' } });
  });
});

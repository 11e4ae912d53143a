import { parentPort, workerData } from 'node:worker_threads';
import { prepareParseEvent } from '#protocol/parse-event';
import { setMaxEventDepth } from '../ingest/event-depth';
import { createOtlpMapper } from './mapping/create-otlp-mapper';
import { OtlpExportPreparer, type PreparedExport } from './otlp-export-prep';
import type { OtlpPrepReply, OtlpPrepRequest, OtlpPrepWorkerData } from './otlp-prep-protocol';

// The OTLP worker's loop: request bodies in, prepared exports out, in arrival order.
// It holds the one mapping (its state spans exports), so every export goes through it.

const data = workerData as OtlpPrepWorkerData;
// The main thread's limit, not this module's default: one limit on both threads.
setMaxEventDepth(data.maxEventDepth);
prepareParseEvent();
const preparer = new OtlpExportPreparer(createOtlpMapper(), data.limits);

parentPort!.on('message', (request: OtlpPrepRequest) => {
  let prepared: PreparedExport;
  try {
    prepared = preparer.prepare(request.signal, request.encoding, request.bytes, request.client);
  } catch (err) {
    // Nothing was stored: the exporter may send it again.
    prepared = { kind: 'refused', failure: { status: 'unavailable', message: `the export could not be prepared: ${(err as Error).message}`, retryAfterMs: 1000 } };
  }
  parentPort!.postMessage({ id: request.id, prepared } satisfies OtlpPrepReply);
});

import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { maxEventDepth } from '../ingest/event-depth';
import type { IngestLimits } from '../ingest/ingest-limits';
import type { OtlpEncoding } from './otlp-decode';
import type { PreparedExport } from './otlp-export-prep';
import type { OtlpSignal } from './otlp-paths';
import type { OtlpPrepReply, OtlpPrepRequest, OtlpPrepWorkerData } from './otlp-prep-protocol';

const workerGone: PreparedExport = {
  kind: 'refused',
  failure: { status: 'unavailable', message: 'the OTLP worker stopped before this export was prepared; nothing was stored: retry', retryAfterMs: 1000 },
};

/**
 * Prepares OTLP exports (decode, mapping, validation) on a worker thread, so that
 * the main thread, the store's only writer, only commits: what leaves it is ingest
 * throughput (the reason producer frames are validated on a worker too). One
 * worker, FIFO, so the mapping sees exports in arrival order and keeps its state.
 * Requests sent before it has loaded wait in its queue. If it dies, the exports it
 * held are refused as retryable and the next one starts a new worker.
 */
export class OtlpPrepWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (prepared: PreparedExport) => void>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly limits: IngestLimits,
    private readonly log: Logger,
  ) {
    // Started now, so that it has loaded (schemas compiled, mapping ready) before the first export.
    this.workerNow();
  }

  prepare(signal: OtlpSignal, encoding: OtlpEncoding, body: Uint8Array, client: string): Promise<PreparedExport> {
    const worker = this.workerNow();
    if (worker === null) return Promise.resolve(workerGone);
    const id = this.nextId++;
    // A copy the worker takes over (moved, not copied again).
    const bytes = new Uint8Array(body.length);
    bytes.set(body);
    return new Promise<PreparedExport>((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, signal, encoding, bytes, client } satisfies OtlpPrepRequest, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // Refused now, not when the worker has gone: a reply already on its way back would
    // otherwise be delivered before the worker's exit, and whether an export in flight
    // at shutdown was prepared or refused would be a race.
    this.refusePending();
    const worker = this.worker;
    if (worker === null) return;
    worker.ref();
    await worker.terminate();
  }

  private workerNow(): Worker | null {
    if (this.worker !== null) return this.worker;
    if (this.closed) return null;
    const workerData: OtlpPrepWorkerData = { limits: this.limits, maxEventDepth: maxEventDepth() };
    const worker = new Worker(new URL('./otlp-prep-worker.mjs', import.meta.url), { workerData });
    // Never the reason the process stays up: close() or the process' end stops it.
    worker.unref();
    worker.on('message', (reply: OtlpPrepReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply.prepared);
    });
    worker.on('error', (err) => this.log.error({ err }, 'OTLP worker failed; its exports in flight are refused as retryable'));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.refusePending();
    });
    this.worker = worker;
    return worker;
  }

  /** Every export still waiting is refused as retryable. */
  private refusePending(): void {
    for (const [id, resolve] of this.pending) {
      this.pending.delete(id);
      resolve(workerGone);
    }
  }
}

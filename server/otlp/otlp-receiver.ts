import { deserializeFrameResult } from '../ingest/frame-validation';
import type { IngestPipeline } from '../ingest/ingest-pipeline';
import { applyEventSizeLimit, type IngestLimits } from '../ingest/ingest-limits';
import type { OtlpEncoding } from './otlp-decode';
import { describeEvent, type OtlpFailure, type PreparedExport } from './otlp-export-prep';
import type { OtlpSignal } from './otlp-paths';

export type { OtlpFailure } from './otlp-export-prep';

export type ExportOutcome =
  | { kind: 'accepted'; signal: OtlpSignal; rejected: number; message: string }
  | { kind: 'refused'; signal: OtlpSignal; failure: OtlpFailure };

/** What the receiver saw, for the logs and the tests. Metrics are only counted (tokens come from log events and spans). */
export interface OtlpCounters {
  logRecords: number;
  spans: number;
  metricDataPoints: number;
}

/** Decode, map and validate: on the OTLP worker (otlp-prep-client.ts), or in place (OtlpExportPreparer) when a test gives its own mapping. */
export interface ExportPreparer {
  prepare(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array, client: string): PreparedExport | Promise<PreparedExport>;
}

/** Reasons quoted in one partial_success message at most; the count covers them all. */
const MAX_REASONS = 5;
/** One reason at most this long in a reply: the spec asks servers to keep replies small, and a reason may quote the sender's data. */
const MAX_REASON_CHARS = 400;
/** How long an exporter should wait when the store refused a batch (it is usually back within a second). */
const STORE_RETRY_MS = 1000;

const noun: Record<Exclude<OtlpSignal, 'metrics'>, string> = { logs: 'log records', traces: 'spans' };
const clip = (reason: string) => (reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason);

/**
 * One home for what an OTLP export does, whatever carried it (HTTP or gRPC): the
 * preparer's events, `maxEventBytes`, then the group-commit pipeline. It resolves
 * only after the batch is durable, so the reply is the acknowledgement.
 */
export class OtlpReceiver {
  readonly counters: OtlpCounters = { logRecords: 0, spans: 0, metricDataPoints: 0 };

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly preparer: ExportPreparer,
    private readonly limits: IngestLimits,
  ) {}

  async export(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array, client: string): Promise<ExportOutcome> {
    const prepared = await this.preparer.prepare(signal, encoding, bytes, client);
    if (prepared.kind === 'refused') return { kind: 'refused', signal, failure: prepared.failure };
    if (prepared.kind === 'metrics' || signal === 'metrics') {
      this.counters.metricDataPoints += prepared.kind === 'metrics' ? prepared.dataPoints : 0;
      return { kind: 'accepted', signal, rejected: 0, message: '' };
    }
    if (signal === 'logs') this.counters.logRecords += prepared.read;
    else this.counters.spans += prepared.read;
    const frame = deserializeFrameResult({ kind: 'events', json: prepared.json, known: prepared.known, rejected: [] });
    const valid = frame.kind === 'events' ? frame.items : [];
    const { items, rejected: oversize } = applyEventSizeLimit(valid, [], this.limits);
    const reasons = [...prepared.reasons, ...oversize.map((r) => `event ${r.index}${describeEvent(valid[r.index]?.event)}: ${r.error}`)];
    this.pipeline.countRejected(reasons.length);
    try {
      await this.pipeline.submit(items);
    } catch (err) {
      return { kind: 'refused', signal, failure: { status: 'unavailable', message: (err as Error).message, retryAfterMs: STORE_RETRY_MS } };
    }
    if (reasons.length === 0) return { kind: 'accepted', signal, rejected: 0, message: '' };
    const rejected = Math.min(prepared.total, prepared.rejected + oversize.length);
    const more = reasons.length > MAX_REASONS ? `; and ${reasons.length - MAX_REASONS} more` : '';
    const quoted = reasons.slice(0, MAX_REASONS).map(clip).join('; ');
    return { kind: 'accepted', signal, rejected, message: `${reasons.length} of ${prepared.total} ${noun[signal]} not stored: ${quoted}${more}` };
  }
}

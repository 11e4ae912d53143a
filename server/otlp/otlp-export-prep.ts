import type { FrameRejection } from '../ingest/frame-validation';
import { parseIngestValue } from '../ingest/ingest-item';
import { addressRateLimiter, describeLimit, rateLimitError, type IngestLimits } from '../ingest/ingest-limits';
import { decodeOtlpRequest, type OtlpEncoding } from './otlp-decode';
import type { OtlpSignal } from './otlp-paths';
import type { OtlpMapResult, OtlpMapper } from './otlp-records';
import { logRecordCount, logRecordsOf, metricDataPointCount, spanCount, spansOf, type RecordsOf } from './otlp-records-of';
import type { WireLogsRequest, WireMetricsRequest, WireTracesRequest } from './otlp-wire';

/** Why a whole request was refused; each transport turns it into its status code (HTTP) or gRPC code. */
export interface OtlpFailure {
  status: 'bad-data' | 'too-large' | 'unsupported' | 'throttled' | 'unavailable';
  message: string;
  /** For `throttled` and `unavailable`: when the exporter should try again. */
  retryAfterMs?: number;
}

/**
 * One export, ready for the pipeline: its valid events as canonical JSON (the
 * form the frame validation worker hands over, cheap to pass between threads),
 * and the reasons for everything not used. Plain data, so a worker can make it.
 */
export type PreparedExport =
  | { kind: 'refused'; failure: OtlpFailure }
  | { kind: 'metrics'; dataPoints: number }
  /** `rejected`: records not used so far (the receiver adds events refused over maxEventBytes). */
  | { kind: 'ready'; total: number; read: number; json: string[]; known: boolean[]; reasons: string[]; rejected: number };

const noun: Record<Exclude<OtlpSignal, 'metrics'>, string> = { logs: 'log records', traces: 'spans' };

/**
 * Everything an OTLP export needs before the store, in one place whatever thread
 * runs it: decode, the per-request limit, the rate, records, the mapping, and the
 * same validation and size limit as every producer's events. Stateful only
 * through the mapping (spans of one trace across exports) and the rate buckets.
 */
export class OtlpExportPreparer {
  private readonly rate: ReturnType<typeof addressRateLimiter>;

  constructor(
    private readonly mapper: OtlpMapper,
    private readonly limits: IngestLimits,
  ) {
    this.rate = addressRateLimiter(limits);
  }

  prepare(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array, client: string): PreparedExport {
    if (signal === 'metrics') {
      const decoded = decodeOtlpRequest<WireMetricsRequest>(signal, encoding, bytes);
      if (!decoded.ok) return { kind: 'refused', failure: { status: decoded.status, message: decoded.reason } };
      return { kind: 'metrics', dataPoints: metricDataPointCount(decoded.request) };
    }
    if (signal === 'logs') {
      const decoded = decodeOtlpRequest<WireLogsRequest>(signal, encoding, bytes);
      if (!decoded.ok) return { kind: 'refused', failure: { status: decoded.status, message: decoded.reason } };
      return this.mapAndValidate(signal, client, logRecordCount(decoded.request), () => {
        const read = logRecordsOf(decoded.request);
        return { read, mapped: this.mapper.mapLogs(read.records) };
      });
    }
    const decoded = decodeOtlpRequest<WireTracesRequest>(signal, encoding, bytes);
    if (!decoded.ok) return { kind: 'refused', failure: { status: decoded.status, message: decoded.reason } };
    return this.mapAndValidate(signal, client, spanCount(decoded.request), () => {
      const read = spansOf(decoded.request);
      return { read, mapped: this.mapper.mapSpans(read.records) };
    });
  }

  private mapAndValidate(
    signal: 'logs' | 'traces',
    client: string,
    total: number,
    readAndMap: () => { read: RecordsOf<unknown>; mapped: OtlpMapResult },
  ): PreparedExport {
    if (total > this.limits.maxBatchEvents) {
      const message = `request holds ${total} ${noun[signal]}, over ${describeLimit('maxBatchEvents', String(this.limits.maxBatchEvents))}: lower the exporter's batch size`;
      return { kind: 'refused', failure: { status: 'too-large', message } };
    }
    // Charged before anything is mapped or stored, so a refused export costs the exporter only the wait.
    const grant = this.rate(client, total, Date.now());
    if (!grant.ok) {
      return { kind: 'refused', failure: { status: 'throttled', message: rateLimitError(grant.retryAfterMs, this.limits, 'client address'), retryAfterMs: grant.retryAfterMs } };
    }
    let read: RecordsOf<unknown>;
    let mapped: OtlpMapResult;
    try {
      ({ read, mapped } = readAndMap());
    } catch (err) {
      // A mapping bug must not become a 500 the exporter drops silently: the records are refused with the reason.
      const reason = `${total} ${noun[signal]} could not be mapped: ${(err as Error).message}`;
      return { kind: 'ready', total, read: 0, json: [], known: [], reasons: [reason], rejected: total };
    }
    const unusable = [...read.unusable, ...mapped.unusable];
    const reasons = unusable.map((u) => `${signal === 'logs' ? 'log record' : 'span'} ${u.index}: ${u.reason}`);
    const { json, known, refused } = this.validate(mapped.events);
    for (const r of refused) reasons.push(`event ${r.index}${describeEvent(mapped.events[r.index])}: ${r.error}`);
    // partial_success counts records: never more than the request held, even when one record made several refused events.
    return { kind: 'ready', total, read: read.records.length, json, known, reasons, rejected: Math.min(total, unusable.length + refused.length) };
  }

  /**
   * Each event through the one gate every producer's event passes (nesting limit,
   * protocol schema, canonical JSON); maxEventBytes is checked on the items, by the
   * receiver. Each refusal at its event's index.
   */
  private validate(events: Record<string, unknown>[]): { json: string[]; known: boolean[]; refused: FrameRejection[] } {
    const json: string[] = [];
    const known: boolean[] = [];
    const refused: FrameRejection[] = [];
    events.forEach((event, index) => {
      const parsed = parseIngestValue(event);
      if (parsed.ok) {
        json.push(parsed.item.json);
        known.push(parsed.item.known);
      } else refused.push({ index, error: parsed.error });
    });
    return { json, known, refused };
  }
}

/** `(token_usage, session s, seq 3)`: which event a reason is about, from what it holds. */
export function describeEvent(event: Record<string, unknown> | undefined): string {
  if (event === undefined) return '';
  const parts = [event.type, event.session_id === undefined ? undefined : `session ${String(event.session_id)}`, event.seq === undefined ? undefined : `seq ${String(event.seq)}`];
  const known = parts.filter((p) => typeof p === 'string' || typeof p === 'number').map(String);
  return known.length > 0 ? ` (${known.join(', ')})` : '';
}

import type { OtlpAttributes, OtlpLogRecord, OtlpSpan } from './otlp-records';
import { anyValue, attributesOf, hexOf, nanosString, UnusableRecordError } from './otlp-values';
import type { WireLogsRequest, WireMetricsRequest, WireResource, WireTracesRequest } from './otlp-wire';

/** A request's records in request order, and those that could not be read (by their index). */
export interface RecordsOf<T> {
  records: T[];
  unusable: { index: number; reason: string }[];
}

const emptyAttributes: OtlpAttributes = new Map();

/** A resource's attributes, or the reason none of its records can be used. */
function resourceOf(resource: WireResource | null, where: string): OtlpAttributes | UnusableRecordError {
  try {
    return resource === null ? emptyAttributes : attributesOf(resource.attributes, `${where} resource`);
  } catch (err) {
    if (err instanceof UnusableRecordError) return err;
    throw err;
  }
}

/** Runs `read` for one record; a record it cannot read is listed with the reason, its neighbours still go in. */
function readRecord<T>(out: RecordsOf<T>, index: number, read: () => T): void {
  try {
    out.records.push(read());
  } catch (err) {
    if (!(err instanceof UnusableRecordError)) throw err;
    out.unusable.push({ index, reason: err.message });
  }
}

export function logRecordsOf(request: WireLogsRequest): RecordsOf<OtlpLogRecord> {
  const out: RecordsOf<OtlpLogRecord> = { records: [], unusable: [] };
  let index = 0;
  request.resourceLogs.forEach((rl, r) => {
    const resource = resourceOf(rl.resource, `resourceLogs[${r}]`);
    for (const sl of rl.scopeLogs) {
      const scopeName = sl.scope?.name ?? '';
      const scopeVersion = sl.scope?.version ?? '';
      for (const lr of sl.logRecords) {
        const at = index++;
        readRecord(out, at, () => {
          if (resource instanceof UnusableRecordError) throw resource;
          const where = `log record ${at}`;
          return {
            resource,
            scopeName,
            scopeVersion,
            index: at,
            timeUnixNano: nanosString(lr.timeUnixNano),
            observedTimeUnixNano: nanosString(lr.observedTimeUnixNano),
            severityNumber: lr.severityNumber,
            severityText: lr.severityText,
            body: anyValue(lr.body, `${where} body`),
            attributes: attributesOf(lr.attributes, where),
            eventName: lr.eventName,
            traceId: hexOf(lr.traceId),
            spanId: hexOf(lr.spanId),
          };
        });
      }
    }
  });
  return out;
}

export function spansOf(request: WireTracesRequest): RecordsOf<OtlpSpan> {
  const out: RecordsOf<OtlpSpan> = { records: [], unusable: [] };
  let index = 0;
  request.resourceSpans.forEach((rs, r) => {
    const resource = resourceOf(rs.resource, `resourceSpans[${r}]`);
    for (const ss of rs.scopeSpans) {
      const scopeName = ss.scope?.name ?? '';
      const scopeVersion = ss.scope?.version ?? '';
      for (const span of ss.spans) {
        const at = index++;
        readRecord(out, at, () => {
          if (resource instanceof UnusableRecordError) throw resource;
          const where = `span ${at}`;
          return {
            resource,
            scopeName,
            scopeVersion,
            index: at,
            traceId: hexOf(span.traceId),
            spanId: hexOf(span.spanId),
            parentSpanId: hexOf(span.parentSpanId),
            name: span.name,
            kind: span.kind,
            startTimeUnixNano: nanosString(span.startTimeUnixNano),
            endTimeUnixNano: nanosString(span.endTimeUnixNano),
            attributes: attributesOf(span.attributes, where),
            status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
            events: span.events.map((e, i) => ({
              name: e.name,
              timeUnixNano: nanosString(e.timeUnixNano),
              attributes: attributesOf(e.attributes, `${where} event ${i}`),
            })),
          };
        });
      }
    }
  });
  return out;
}

/** Records a request holds, counted before anything is converted (the per-request limit and the rate are charged by it). */
export function logRecordCount(request: WireLogsRequest): number {
  let n = 0;
  for (const rl of request.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

export function spanCount(request: WireTracesRequest): number {
  let n = 0;
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** Metrics are accepted and counted, never stored: tokens come from log events and spans. */
export function metricDataPointCount(request: WireMetricsRequest): number {
  let n = 0;
  for (const rm of request.resourceMetrics) {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        const data = m.gauge ?? m.sum ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
        n += data?.dataPoints.length ?? 0;
      }
    }
  }
  return n;
}

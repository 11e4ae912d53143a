import type { FastifyInstance } from 'fastify';
import type { AlertDeliveryHealth, CodetetherServeHealth, Health } from '../../src/protocol/health-schemas';
import type { IngestPipeline } from '../ingest/ingest-pipeline';
import type { LiveBus } from '../live/live-bus';
import type { LiveHub } from '../live/live-hub';
import type { EventStore } from '../store/event-store';
import type { OtlpCounters } from '../otlp/otlp-receiver';

const startedAtMs = Date.now();

/** Sources started after the server (server/cli.ts) report their state here, one slot per app. */
const codetetherServeHealthOf = new WeakMap<FastifyInstance, () => CodetetherServeHealth>();

/** Makes `/api/v1/health` include the `codetether serve` follower's state (url, connection, reconnects, lag, last error). */
export function reportCodetetherServeHealth(app: FastifyInstance, status: () => CodetetherServeHealth): void {
  codetetherServeHealthOf.set(app, status);
}

function otlpHealth(counters: OtlpCounters | undefined): Pick<Health, 'otlp'> {
  return counters === undefined ? {} : { otlp: { log_records: counters.logRecords, spans: counters.spans, metric_data_points: counters.metricDataPoints } };
}

export function registerHealthRoute(
  app: FastifyInstance,
  deps: {
    store: EventStore;
    pipeline: IngestPipeline;
    hub: LiveHub;
    bus: LiveBus;
    version: string;
    alerts?: () => Promise<AlertDeliveryHealth> | undefined;
    otlp?: () => OtlpCounters;
    /** The global `abandoned` silence (server/alerts/alert-settings.ts), so the dashboard's status agrees with the alert. */
    abandonedAfterMs?: number;
  },
): void {
  app.get('/api/v1/health', async (): Promise<Health> => {
    const alerts = await deps.alerts?.();
    return {
      status: 'ok',
      version: deps.version,
      uptime_s: Math.round((Date.now() - startedAtMs) / 1000),
      store: deps.store.kind,
      store_state: deps.store.state(),
      head_cursor: await deps.store.headCursor(),
      sessions: await deps.store.sessionCount(),
      live_clients: deps.hub.clientCount,
      ingest: { ...deps.pipeline.counters },
      bus: deps.bus.status(),
      ...(codetetherServeHealthOf.has(app) ? { codetether_serve: codetetherServeHealthOf.get(app)!() } : {}),
      ...(alerts === undefined ? {} : { alerts }),
      ...otlpHealth(deps.otlp?.()),
      ...(deps.abandonedAfterMs === undefined ? {} : { abandoned_after_ms: deps.abandonedAfterMs }),
    };
  });
}

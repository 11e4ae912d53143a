import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { healthSchema, type AlertDeliveryHealth, type CodetetherServeHealth, type Health } from '#protocol/health-schemas';
import type { LiveBus } from '../live/live-bus';
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

/**
 * Both answers of `/api/v1/health`: the figures, or (without a token where the
 * server has tokens: server/security/auth.ts) liveness alone. No query schema:
 * the route reads none, and a probe's cache-busting parameter must not fail it.
 */
const healthResponseSchema = z.union([healthSchema, z.strictObject({ status: z.literal('ok') })]);

export function registerHealthRoute(
  app: FastifyInstance,
  deps: {
    bus: LiveBus;
    version: string;
    alerts?: () => Promise<AlertDeliveryHealth> | undefined;
    otlp?: () => OtlpCounters;
    /** The global `abandoned` silence (server/alerts/alert-settings.ts), so the dashboard's status agrees with the alert. */
    abandonedAfterMs?: number;
  },
): void {
  const { store, pipeline, hub } = app;
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/health', { schema: { response: { 200: healthResponseSchema } } }, async (): Promise<Health> => {
    const alerts = await deps.alerts?.();
    return {
      status: 'ok',
      version: deps.version,
      uptime_s: Math.round((Date.now() - startedAtMs) / 1000),
      store: store.kind,
      store_state: store.state(),
      head_cursor: await store.headCursor(),
      sessions: await store.sessionCount(),
      live_clients: hub.clientCount,
      ingest: { ...pipeline.counters },
      bus: deps.bus.status(),
      ...(codetetherServeHealthOf.has(app) ? { codetether_serve: codetetherServeHealthOf.get(app)!() } : {}),
      ...(alerts === undefined ? {} : { alerts }),
      ...otlpHealth(deps.otlp?.()),
      ...(deps.abandonedAfterMs === undefined ? {} : { abandoned_after_ms: deps.abandonedAfterMs }),
    };
  });
}

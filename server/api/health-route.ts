import type { FastifyInstance } from 'fastify';
import type { Health } from '../../src/protocol/api-schemas';
import type { IngestPipeline } from '../ingest/ingest-pipeline';
import type { LiveBus } from '../live/live-bus';
import type { LiveHub } from '../live/live-hub';
import type { EventStore } from '../store/event-store';

const startedAtMs = Date.now();

export function registerHealthRoute(app: FastifyInstance, deps: { store: EventStore; pipeline: IngestPipeline; hub: LiveHub; bus: LiveBus; version: string }): void {
  app.get('/api/v1/health', async (): Promise<Health> => ({
    status: 'ok',
    version: deps.version,
    uptime_s: Math.round((Date.now() - startedAtMs) / 1000),
    store: deps.store.kind,
    head_cursor: await deps.store.headCursor(),
    sessions: await deps.store.sessionCount(),
    live_clients: deps.hub.clientCount,
    ingest: { ...deps.pipeline.counters },
    bus: deps.bus.status(),
  }));
}

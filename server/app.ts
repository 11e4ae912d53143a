import fs from 'node:fs';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import { registerHealthRoute } from './api/health-route';
import { registerIngestRoutes } from './api/ingest-routes';
import { registerConnectionLimits } from './api/connection-limits';
import { ingestLimitsOf } from './ingest/ingest-limits';
import { registerLiveRoute } from './api/live-route';
import { registerReadRoutes } from './api/read-routes';
import { registerCostRoutes } from './api/cost-routes';
import { registerAnalyticsRoutes } from './api/analytics-routes';
import { registerExportRoutes } from './api/export-routes';
import { registerSpaRoutes } from './api/spa-routes';
import { registerCors } from './security/cors';
import { createLogger } from './security/logger';
import { registerSecurityHeaders } from './security/security-headers';
import { registerWebSocketOriginCheck } from './security/websocket-origin';
import { registerAuth } from './security/auth';
import { IngestPipeline } from './ingest/ingest-pipeline';
import { LiveHub } from './live/live-hub';
import { createLiveBus } from './live/create-live-bus';
import type { LiveBus } from './live/live-bus';
import { defaultBackpressure, type BackpressureLimits } from './live/live-client';
import type { EventStore } from './store/event-store';
import { createStore } from './store/create-store';
import { globalBudgetOf } from './pricing/budget-config';
import { cataloguePrices, watchPriceOverrides } from './pricing/price-source';

const version = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface TetherServer {
  app: FastifyInstance;
  store: EventStore;
  pipeline: IngestPipeline;
  hub: LiveHub;
  /** Carries committed batches to the hub: directly, or through NATS to every replica's hub. */
  bus: LiveBus;
  log: Logger;
  /** The address it listens on, e.g. http://127.0.0.1:8787. */
  url: string;
  /** Graceful: stop accepting, commit what is in flight, close sockets with a reason, close the store. */
  close(): Promise<void>;
}

/** Builds and starts the server: store, ingest pipeline, live fan-out, REST and the SPA on one port. */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
  liveLimits: Partial<BackpressureLimits> = {},
): Promise<TetherServer> {
  // Before the store opens: a broken prices file stops start-up with the entry and field at fault.
  const prices = config.pricesFile === undefined ? cataloguePrices : watchPriceOverrides(config.pricesFile, log.child({ component: 'prices' }));
  const store = await createStore(config);
  const hub = new LiveHub(store, log.child({ component: 'live' }), { ...defaultBackpressure, ...liveLimits });
  const bus = await createLiveBus(config, { store, hub, log: log.child({ component: 'bus' }) }).catch(async (err: unknown) => {
    hub.close('start-up failed');
    await store.close();
    throw err;
  });
  const pipeline = new IngestPipeline(store, (batch) => bus.committed(batch), log.child({ component: 'ingest' }));

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Per-request lines would drown the ingest logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
  });
  // Before any route, so every response and upgrade passes through them.
  registerSecurityHeaders(app);
  registerCors(app, config.corsOrigins);
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxFrameBytes } });
  // After the plugin: its own onRequest hook marks upgrades so that a refused one's socket is destroyed.
  registerWebSocketOriginCheck(app, config.corsOrigins);
  // Also after the plugin, for the same reason; after CORS, so a 401 still carries its headers.
  registerAuth(app, { ingest: config.ingestTokens, read: config.readTokens });
  registerHealthRoute(app, { store, pipeline, hub, bus, version });
  registerConnectionLimits(app, config);
  const closeIngestSockets = registerIngestRoutes(app, pipeline, ingestLimitsOf(config));
  registerLiveRoute(app, hub);
  registerReadRoutes(app, store);
  registerCostRoutes(app, { store, prices, globalBudget: globalBudgetOf(config) });
  registerAnalyticsRoutes(app, store);
  registerExportRoutes(app, store, prices);
  const spaBuilt = await registerSpaRoutes(app, config.staticDir);
  if (!spaBuilt) log.warn({ staticDir: config.staticDir }, 'no SPA build found: run `npm run build`; serving the API only');

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await pipeline.drain();
      hub.close('server shutting down');
      await bus.close();
      // Every acknowledgement is sent by now; producers learn why the socket ends and resend elsewhere or later.
      closeIngestSockets('server shutting down');
      await app.close();
      await store.close();
    })());

  return { app, store, pipeline, hub, bus, log, url, close };
}

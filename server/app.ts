import fs from 'node:fs';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import { registerHealthRoute } from './api/health-route';
import { registerIngestRoutes } from './api/ingest-routes';
import { registerLiveRoute } from './api/live-route';
import { registerReadRoutes } from './api/read-routes';
import { registerSpaRoutes } from './api/spa-routes';
import { registerCors } from './security/cors';
import { createLogger } from './security/logger';
import { registerSecurityHeaders } from './security/security-headers';
import { registerWebSocketOriginCheck } from './security/websocket-origin';
import { IngestPipeline } from './ingest/ingest-pipeline';
import { LiveHub } from './live/live-hub';
import { defaultBackpressure, type BackpressureLimits } from './live/live-client';
import type { EventStore } from './store/event-store';
import { createSqliteStore } from './store/sqlite/sqlite-store';

const version = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface TetherServer {
  app: FastifyInstance;
  store: EventStore;
  pipeline: IngestPipeline;
  hub: LiveHub;
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
  const store = await createSqliteStore({ path: config.db });
  const hub = new LiveHub(store, log.child({ component: 'live' }), { ...defaultBackpressure, ...liveLimits });
  const pipeline = new IngestPipeline(store, (batch) => hub.publish(batch), log.child({ component: 'ingest' }));

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
  registerHealthRoute(app, { store, pipeline, hub, version });
  registerIngestRoutes(app, pipeline, config.maxBodyBytes);
  registerLiveRoute(app, hub);
  registerReadRoutes(app, store);
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
      await app.close();
      await store.close();
    })());

  return { app, store, pipeline, hub, log, url, close };
}

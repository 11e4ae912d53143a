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
import { registerDemoDataRoutes } from './api/demo-data-routes';
import { DemoControl } from './demo/demo-control';
import { registerSpaRoutes } from './api/spa-routes';
import { registerCors } from './security/cors';
import { createLogger } from './security/logger';
import { registerSecurityHeaders } from './security/security-headers';
import { registerWebSocketOriginCheck } from './security/websocket-origin';
import { hostPolicyOf, registerHostCheck } from './security/allowed-hosts';
import { unprotectedBindProblem } from './security/auth-config';
import { setMaxEventDepth } from './ingest/event-depth';
import { registerAuth } from './security/auth';
import { registerOtlp, type OtlpService } from './otlp/otlp-service';
import type { OtlpMapper } from './otlp/otlp-records';
import { IngestPipeline } from './ingest/ingest-pipeline';
import { AlertEngine } from './alerts/alert-engine';
import { openAlertStore } from './alerts/open-alert-store';
import { alertSettingsOf, readAlertsFile } from './alerts/alert-settings';
import { registerAlertRoutes } from './alerts/alert-routes';
import { registerRequestValidation } from './api/parse-request';
import { decorateServices } from './api/app-services';
import { LiveHub } from './live/live-hub';
import { SessionCostBook } from './pricing/session-cost-book';
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
  /** The OTLP receiver (HTTP on this port; gRPC on its own when configured). */
  otlp: OtlpService;
  /** Evaluates and delivers alerts (server/alerts/). */
  alerts: AlertEngine;
  /** The in-process demo, once `serve` attaches it: removing the demo's data stops it. */
  demo: DemoControl;
  /**
   * Graceful, and Fastify's own `app.close()`: stop accepting, commit what is in
   * flight, close sockets with a reason, close the store (the hooks in startServer).
   */
  close(): Promise<void>;
}

/** Builds and starts the server: store, ingest pipeline, live fan-out, REST and the SPA on one port. */
export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
  liveLimits: Partial<BackpressureLimits> = {},
  /** Tests of the OTLP transport give their own mapping; otherwise the real one. */
  otlpMapper?: OtlpMapper,
): Promise<TetherServer> {
  // Process-wide, like the stack it protects: every ingest path (sockets, bodies, files, adapters) reads it.
  setMaxEventDepth(config.maxEventDepth);
  // Before anything opens: without tokens, the name bound must resolve to loopback only.
  const bindProblem = await unprotectedBindProblem(config.host, { ingest: config.ingestTokens, read: config.readTokens });
  if (bindProblem !== null) throw new Error(bindProblem);
  // Before the store opens: a broken prices file stops start-up with the entry and field at fault.
  const prices = config.pricesFile === undefined ? cataloguePrices : watchPriceOverrides(config.pricesFile, log.child({ component: 'prices' }));
  // Also before: a broken alerts file stops start-up naming the field.
  const alertsFile = readAlertsFile(config.alertsFile);
  const store = await createStore(config);
  // Prices every summary before it is pushed or read, so its cost is never behind its tokens.
  const costBook = new SessionCostBook(store, prices, log.child({ component: 'prices' }));
  const hub = new LiveHub(store, log.child({ component: 'live' }), { ...defaultBackpressure, ...liveLimits }, undefined, costBook);
  const bus = await createLiveBus(config, { store, hub, log: log.child({ component: 'bus' }) }).catch(async (err: unknown) => {
    hub.close('start-up failed');
    await store.close();
    throw err;
  });
  const alertStore = await openAlertStore(config).catch(async (err: unknown) => {
    hub.close('start-up failed');
    await bus.close();
    await store.close();
    throw err;
  });
  // Started once the address is known (alert links use it); nothing is ingested before that.
  let alertEngine: AlertEngine | null = null;
  const pipeline = new IngestPipeline(
    store,
    (batch) => {
      // Only queues the batch: alerts are evaluated after the commit, never holding ingest up.
      alertEngine?.onCommitted(batch);
      bus.committed(batch);
    },
    log.child({ component: 'ingest' }),
  );

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Per-request lines would drown the ingest logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.maxBodyBytes,
    // A trickled or half-sent request is cut off (408) instead of holding its socket and buffer forever.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    http: { headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: timeoutCheckIntervalMs(config) },
  });
  // Shutdown is `app.close()`: first the `preClose` hooks, in the order they are added
  // below (stop taking work, commit what is in flight, answer and close every socket
  // with a reason), then the port closes, then the `onClose` hooks, last added first:
  // the store, opened first, closes last.
  app.addHook('onClose', () => store.close());
  decorateServices(app, { store, pipeline, hub, costBook, prices, alertStore });
  // Before any route, so every response and upgrade passes through them.
  registerSecurityHeaders(app);
  registerRequestValidation(app);
  registerCors(app, config.corsOrigins);
  // Its default hook would close every socket at once, unanswered: each socket route closes
  // its own with a reason (the producers' after their replies), and the last hook below the rest.
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxFrameBytes }, preClose: (done) => done() });
  // First of the preClose hooks: an upgrade asked for from here on is served as a plain request,
  // Fastify's 503 while closing, after which Node closes its socket. Through the plugin that 503
  // went out on a socket nobody closed (a producer reconnecting during shutdown), and the close
  // waited for it for good.
  app.addHook('preClose', () => {
    app.server.removeAllListeners('upgrade');
  });
  // After the plugin: its own onRequest hook marks upgrades so that a refused one's socket is destroyed.
  const hostPolicy = hostPolicyOf(config);
  // First of the checks: a rebound page's request is refused before anything else looks at it.
  registerHostCheck(app, hostPolicy);
  registerWebSocketOriginCheck(app, config.corsOrigins, hostPolicy);
  // Also after the plugin, for the same reason; after CORS, so a 401 still carries its headers.
  registerAuth(app, { ingest: config.ingestTokens, read: config.readTokens });
  // The global abandoned silence as the alerts use it (the listening URL only makes alert links, unused here).
  const abandonedAfterMs = alertSettingsOf(config, alertsFile, '').kinds.abandoned.afterMs;
  // Its preClose hook stops the gRPC listener first: its calls in flight finish once the pipeline commits them.
  const otlp = await registerOtlp(app, { config, pipeline, log: log.child({ component: 'otlp' }), mapper: otlpMapper });
  app.addHook('preClose', async () => {
    await pipeline.drain();
    // After the drain, so the last batches are evaluated; its webhook retries resume at the next start.
    await alertEngine?.close();
    hub.close('server shutting down');
    await costBook.idle();
    await bus.close();
  });
  registerHealthRoute(app, { bus, version, alerts: () => alertEngine?.health(), otlp: () => otlp.receiver.counters, abandonedAfterMs });
  registerConnectionLimits(app, config);
  // After the drain hook: every acknowledgement is sent by the time its own hook closes the producer sockets.
  registerIngestRoutes(app, ingestLimitsOf(config));
  registerLiveRoute(app);
  registerReadRoutes(app, abandonedAfterMs);
  registerCostRoutes(app, { globalBudget: globalBudgetOf(config) });
  registerAnalyticsRoutes(app);
  registerExportRoutes(app);
  registerAlertRoutes(app);
  const demo = new DemoControl();
  registerDemoDataRoutes(app, { demo, onRemoved: (sessionIds) => hub.present.forget(sessionIds) });
  // Last of the preClose hooks: whatever socket is still open (one mid-upgrade) is closed now.
  app.addHook('preClose', () => {
    for (const client of app.websocketServer.clients) client.close(1001, 'server shutting down');
  });
  const spaBuilt = await registerSpaRoutes(app, config.staticDir);
  if (!spaBuilt) log.warn({ staticDir: config.staticDir }, 'no SPA build found: run `npm run build`; serving the API only');

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const alerts = await AlertEngine.start({
    store,
    alerts: alertStore,
    prices,
    globalBudget: globalBudgetOf(config),
    settings: alertSettingsOf(config, alertsFile, url),
    log: log.child({ component: 'alerts' }),
  });
  alertEngine = alerts;
  // In the background: the cost column of sessions nobody reads (for sorting by cost) follows today's prices.
  void costBook.repriceAll();

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= app.close());

  await otlp.start().catch(async (err: unknown) => {
    await close();
    throw err;
  });

  return { app, store, pipeline, hub, bus, log, url, otlp, alerts, demo, close };
}

/** How often Node checks the header and request timeouts (30 s by default): often enough that a limit is kept to within a quarter. */
function timeoutCheckIntervalMs(config: ServerConfig): number {
  return Math.min(5000, Math.max(100, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4)));
}

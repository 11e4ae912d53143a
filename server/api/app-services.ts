import type { FastifyInstance } from 'fastify';
import type { AlertStore } from '../alerts/alert-store';
import type { IngestPipeline } from '../ingest/ingest-pipeline';
import type { LiveHub } from '../live/live-hub';
import type { PriceSource } from '../pricing/price-source';
import type { SessionCostBook } from '../pricing/session-cost-book';
import type { EventStore } from '../store/event-store';

/**
 * The shared services every route reads, as Fastify decorators: a route plugin
 * takes `app` and finds them on it (`app.store`), instead of each register
 * function listing its own. Set once, before any route is registered
 * (server/app.ts); their clean-up is the app's close hooks, not the routes'.
 */
export interface AppServices {
  /** Every stored event and the records and summaries made of them (server/store/). */
  store: EventStore;
  /** Commits parsed events to the store in batches, then hands what was committed on (live, alerts). */
  pipeline: IngestPipeline;
  /** Live fan-out to browsers (server/live/). */
  hub: LiveHub;
  /** Prices summaries as of what is committed, the figure every summary read carries. */
  costBook: SessionCostBook;
  /** Today's prices, catalogue and overrides (server/pricing/). */
  prices: PriceSource;
  /** Fired alerts, their acknowledgements (server/alerts/). */
  alertStore: AlertStore;
}

declare module 'fastify' {
  // Declaration merging: the decorators below, typed on every instance.
  interface FastifyInstance extends AppServices {}
}

export function decorateServices(app: FastifyInstance, services: AppServices): void {
  app.decorate('store', services.store);
  app.decorate('pipeline', services.pipeline);
  app.decorate('hub', services.hub);
  app.decorate('costBook', services.costBook);
  app.decorate('prices', services.prices);
  app.decorate('alertStore', services.alertStore);
}

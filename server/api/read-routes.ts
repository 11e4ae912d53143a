import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  compactionQuerySchema,
  rlmQuerySchema,
  sessionEventSearchQuerySchema,
  sessionEventsQuerySchema,
  sessionListQuerySchema,
  tokenUsageQuerySchema,
} from '../../src/protocol/api-queries';
import { sessionIdSchema } from '../../src/protocol/envelope';
import { DEFAULT_ABANDONED_AFTER_MS } from '../../src/protocol/session-silence';
import { eventPageJson, eventSearchPageJson } from '../live/stored-event-json';
import type { SummaryFiller } from '../pricing/session-cost-book';
import type { EventStore } from '../store/event-store';

/** `:id` of the session routes. */
export const sessionParamsSchema = z.strictObject({ id: sessionIdSchema });

/** The read API: sessions, their stored events, and the durable records behind the cost views (priced in cost-routes.ts). */
export function registerReadRoutes(
  app: FastifyInstance,
  store: EventStore,
  summaries: SummaryFiller,
  /** The server's abandoned silence (the `abandoned` alert's, as /health reports it): operator statuses are derived with it. */
  abandonedAfterMs = DEFAULT_ABANDONED_AFTER_MS,
): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/sessions', { schema: { querystring: sessionListQuerySchema } }, async (req) => {
    const list = await store.listSessions(req.query, { nowMs: Date.now(), abandonedAfterMs });
    // Priced as of what is committed now, like /session-costs (the stored cost is for sorting).
    return { ...list, sessions: await summaries.fill(list.sessions) };
  });

  routes.get('/api/v1/sessions/:id', { schema: { params: sessionParamsSchema } }, async (req, reply) => {
    const session = await store.getSession(req.params.id);
    if (session === null) return reply.code(404).send({ error: `no session ${req.params.id}` });
    const [priced] = await summaries.fill([session]);
    return priced;
  });

  routes.get('/api/v1/sessions/:id/events', { schema: { params: sessionParamsSchema, querystring: sessionEventsQuerySchema } }, async (req, reply) => {
    const page = await store.sessionEvents(req.params.id, req.query);
    return reply.type('application/json; charset=utf-8').send(eventPageJson(page));
  });

  routes.get(
    '/api/v1/sessions/:id/events/search',
    { schema: { params: sessionParamsSchema, querystring: sessionEventSearchQuerySchema } },
    async (req, reply) => {
      const page = await store.searchEvents(req.params.id, req.query);
      return reply.type('application/json; charset=utf-8').send(eventSearchPageJson(page));
    },
  );

  routes.get('/api/v1/token-usage', { schema: { querystring: tokenUsageQuerySchema } }, async (req) => store.tokenUsage(req.query));
  routes.get('/api/v1/rlm-completions', { schema: { querystring: rlmQuerySchema } }, async (req) => store.rlmCompletions(req.query));
  routes.get('/api/v1/compactions', { schema: { querystring: compactionQuerySchema } }, async (req) => store.compactions(req.query));
}

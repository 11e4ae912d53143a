import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionListQuerySchema } from '#protocol/api-queries';
import {
  compactionsRequestSchema,
  rlmCompletionsRequestSchema,
  sessionEventSearchRequestSchema,
  sessionEventsRequestSchema,
  tokenUsageRequestSchema,
} from '#protocol/api-paging';
import type { EventPage } from '#protocol/api-schemas';
import { sessionIdSchema } from '#protocol/envelope';
import { DEFAULT_ABANDONED_AFTER_MS } from '#protocol/session-silence';
import { eventPageJson, eventSearchPageJson } from '../live/stored-event-json';

/** `:id` of the session routes. */
export const sessionParamsSchema = z.strictObject({ id: sessionIdSchema });

/** The read API: sessions, their stored events, and the durable records behind the cost views (priced in cost-routes.ts). */
export function registerReadRoutes(
  app: FastifyInstance,
  /** The server's abandoned silence (the `abandoned` alert's, as /health reports it): operator statuses are derived with it. */
  abandonedAfterMs = DEFAULT_ABANDONED_AFTER_MS,
): void {
  const { store, costBook: summaries } = app;
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

  routes.get('/api/v1/sessions/:id/events', { schema: { params: sessionParamsSchema, querystring: sessionEventsRequestSchema } }, async (req, reply) => {
    const page = inListingOrder(await store.sessionEvents(req.params.id, req.query), req.query);
    return reply.type('application/json; charset=utf-8').send(eventPageJson(page));
  });

  routes.get(
    '/api/v1/sessions/:id/events/search',
    { schema: { params: sessionParamsSchema, querystring: sessionEventSearchRequestSchema } },
    async (req, reply) => {
      const page = await store.searchEvents(req.params.id, req.query);
      return reply.type('application/json; charset=utf-8').send(eventSearchPageJson(page));
    },
  );

  routes.get('/api/v1/token-usage', { schema: { querystring: tokenUsageRequestSchema } }, async (req) => store.tokenUsage(req.query));
  routes.get('/api/v1/rlm-completions', { schema: { querystring: rlmCompletionsRequestSchema } }, async (req) => store.rlmCompletions(req.query));
  routes.get('/api/v1/compactions', { schema: { querystring: compactionsRequestSchema } }, async (req) => store.compactions(req.query));
}

/**
 * The store hands a page of events in ascending cursor order either way, with the
 * next forward cursor; the API lists them in the order asked for, and a
 * newest-first page's `next_cursor` is its oldest event, where the next older page starts.
 */
function inListingOrder(page: EventPage, query: { order: 'asc' | 'desc'; limit: number }): EventPage {
  if (query.order === 'asc') return page;
  const events = page.events.toReversed();
  return { events, next_cursor: events.length === query.limit ? events.at(-1)!.cursor : null };
}

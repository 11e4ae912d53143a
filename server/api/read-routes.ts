import type { FastifyInstance } from 'fastify';
import {
  compactionQuerySchema,
  rlmQuerySchema,
  sessionEventsQuerySchema,
  sessionListQuerySchema,
  tokenUsageQuerySchema,
} from '../../src/protocol/api-queries';
import { sessionIdSchema } from '../../src/protocol/envelope';
import { eventPageJson } from '../live/stored-event-json';
import type { EventStore } from '../store/event-store';
import { parseQuery } from './parse-request';

/** The read API: sessions, their stored events, and the durable records behind the cost views (priced in cost-routes.ts). */
export function registerReadRoutes(app: FastifyInstance, store: EventStore): void {
  app.get('/api/v1/sessions', async (req, reply) => {
    const query = parseQuery(sessionListQuerySchema, req.query, reply);
    return query && store.listSessions(query);
  });

  app.get<{ Params: { id: string } }>('/api/v1/sessions/:id', async (req, reply) => {
    if (!sessionIdSchema.safeParse(req.params.id).success) return reply.code(400).send({ error: 'invalid session id' });
    const session = await store.getSession(req.params.id);
    return session ?? reply.code(404).send({ error: `no session ${req.params.id}` });
  });

  app.get<{ Params: { id: string } }>('/api/v1/sessions/:id/events', async (req, reply) => {
    if (!sessionIdSchema.safeParse(req.params.id).success) return reply.code(400).send({ error: 'invalid session id' });
    const query = parseQuery(sessionEventsQuerySchema, req.query, reply);
    if (!query) return reply;
    const page = await store.sessionEvents(req.params.id, query);
    return reply.type('application/json; charset=utf-8').send(eventPageJson(page));
  });

  app.get('/api/v1/token-usage', async (req, reply) => {
    const query = parseQuery(tokenUsageQuerySchema, req.query, reply);
    return query && store.tokenUsage(query);
  });

  app.get('/api/v1/rlm-completions', async (req, reply) => {
    const query = parseQuery(rlmQuerySchema, req.query, reply);
    return query && store.rlmCompletions(query);
  });

  app.get('/api/v1/compactions', async (req, reply) => {
    const query = parseQuery(compactionQuerySchema, req.query, reply);
    return query && store.compactions(query);
  });
}

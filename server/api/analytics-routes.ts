import type { FastifyInstance } from 'fastify';
import { analyticsQuerySchema, rlmFallbackQuerySchema } from '../../src/protocol/api-queries';
import { sessionIdSchema } from '../../src/protocol/envelope';
import type { EventStore } from '../store/event-store';
import { parseQuery } from './parse-request';

/** RLM fallbacks, the RLM and compaction analytics, and one session's context window over time. */
export function registerAnalyticsRoutes(app: FastifyInstance, store: EventStore): void {
  app.get('/api/v1/rlm-fallbacks', async (req, reply) => {
    const query = parseQuery(rlmFallbackQuerySchema, req.query, reply);
    return query && store.rlmFallbacks(query);
  });

  app.get('/api/v1/rlm/stats', async (req, reply) => {
    const query = parseQuery(analyticsQuerySchema, req.query, reply);
    return query && store.rlmStats(query);
  });

  app.get('/api/v1/compactions/stats', async (req, reply) => {
    const query = parseQuery(analyticsQuerySchema, req.query, reply);
    return query && store.compactionStats(query);
  });

  app.get<{ Params: { id: string } }>('/api/v1/sessions/:id/context', async (req, reply) => {
    if (!sessionIdSchema.safeParse(req.params.id).success) return reply.code(400).send({ error: 'invalid session id' });
    // The series of a session never seen is empty either way; a 404 tells a mistyped id apart.
    if ((await store.getSession(req.params.id)) === null) return reply.code(404).send({ error: `no session ${req.params.id}` });
    return store.contextSeries(req.params.id);
  });
}

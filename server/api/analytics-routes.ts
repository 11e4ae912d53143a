import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { analyticsQuerySchema } from '#protocol/api-queries';
import { rlmFallbacksRequestSchema } from '#protocol/api-paging';
import { sessionParamsSchema } from './read-routes';

/** RLM fallbacks, the RLM and compaction analytics, and one session's context window over time. */
export function registerAnalyticsRoutes(app: FastifyInstance): void {
  const { store } = app;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/rlm-fallbacks', { schema: { querystring: rlmFallbacksRequestSchema } }, async (req) => store.rlmFallbacks(req.query));
  routes.get('/api/v1/rlm/stats', { schema: { querystring: analyticsQuerySchema } }, async (req) => store.rlmStats(req.query));
  routes.get('/api/v1/compactions/stats', { schema: { querystring: analyticsQuerySchema } }, async (req) => store.compactionStats(req.query));

  routes.get('/api/v1/sessions/:id/context', { schema: { params: sessionParamsSchema } }, async (req, reply) => {
    // The series of a session never seen is empty either way; a 404 tells a mistyped id apart.
    if ((await store.getSession(req.params.id)) === null) return reply.code(404).send({ error: `no session ${req.params.id}` });
    return store.contextSeries(req.params.id);
  });
}

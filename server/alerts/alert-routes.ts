import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertListRequestSchema } from '#protocol/api-paging';

const alertParamsSchema = z.strictObject({
  id: z.coerce.number({ error: 'expected a positive integer' }).int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/**
 * `GET /api/v1/alerts` and `POST /api/v1/alerts/:id/ack`. Both take a read token:
 * acknowledging is what an operator watching the dashboard does, and changes no
 * event data (server/security/auth.ts gives every /api route but ingest the read scope).
 */
export function registerAlertRoutes(app: FastifyInstance): void {
  const alerts = app.alertStore;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/alerts', { schema: { querystring: alertListRequestSchema } }, async (req) => alerts.list(req.query));

  routes.post('/api/v1/alerts/:id/ack', { schema: { params: alertParamsSchema } }, async (req, reply) => {
    const record = await alerts.ack(req.params.id, Date.now());
    return record ?? reply.code(404).send({ error: `no alert ${req.params.id}` });
  });
}

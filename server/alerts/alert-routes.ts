import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { alertListQuerySchema } from '../../src/protocol/api-queries';
import { parseQuery } from '../api/parse-request';
import type { AlertStore } from './alert-store';

const alertIdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * `GET /api/v1/alerts` and `POST /api/v1/alerts/:id/ack`. Both take a read token:
 * acknowledging is what an operator watching the dashboard does, and changes no
 * event data (server/security/auth.ts gives every /api route but ingest the read scope).
 */
export function registerAlertRoutes(app: FastifyInstance, alerts: AlertStore): void {
  app.get('/api/v1/alerts', async (req, reply) => {
    const query = parseQuery(alertListQuerySchema, req.query, reply);
    return query && alerts.list(query);
  });

  app.post<{ Params: { id: string } }>('/api/v1/alerts/:id/ack', async (req, reply) => {
    const id = alertIdSchema.safeParse(req.params.id);
    if (!id.success) return reply.code(400).send({ error: 'invalid alert id', issues: [{ field: 'id', message: 'expected a positive integer' }] });
    const record = await alerts.ack(id.data, Date.now());
    return record ?? reply.code(404).send({ error: `no alert ${id.data}` });
  });
}

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportViews } from '#protocol/api-queries';
import { exportChunks, exportContentTypes, exportFileName } from './export-body';
import { exportViewDefinitions } from './export-views';

const exportParamsSchema = z.strictObject({ view: z.enum(exportViews) });

/**
 * `GET /api/v1/export/:view?format=csv|jsonl&<the view's filters>`: every matching
 * record, streamed as a download. No row cap: the store is read a page at a time,
 * as fast as the client takes the bytes.
 */
export function registerExportRoutes(app: FastifyInstance): void {
  const { store, prices } = app;
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/export/:view', { schema: { params: exportParamsSchema } }, async (req, reply) => {
    const params = req.params;
    // The filters depend on the view, so they are parsed here rather than declared on the route.
    const plan = exportViewDefinitions[params.view].plan({ store, prices }, req.query);

    const pages = plan.pages[Symbol.asyncIterator]();
    const first = await pages.next();
    const body = Readable.from(exportChunks(plan.format, plan.columns, first.done === true ? [] : first.value, pages), {
      objectMode: false,
    });
    body.on('error', (err) => req.log.error({ err, view: params.view }, 'export failed while streaming'));
    return reply
      .type(exportContentTypes[plan.format])
      .header('content-disposition', `attachment; filename="${exportFileName(params.view, plan.format, plan.from, plan.to, Date.now())}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}

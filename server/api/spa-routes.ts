import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * Serves the built SPA from `dir` with a history-API fallback: any GET outside
 * `/api/` that is not a file gets index.html, so deep links and reloads work.
 */
export async function registerSpaRoutes(app: FastifyInstance, dir: string): Promise<boolean> {
  const root = path.resolve(dir);
  const hasBuild = fs.existsSync(path.join(root, 'index.html'));
  if (hasBuild) await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.method !== 'GET' || req.url.startsWith('/api/')) {
      return reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` });
    }
    if (!hasBuild) {
      return reply
        .code(503)
        .type('text/plain')
        .send(`The dashboard is not built: run \`npm run build\` (looked in ${root}). The API is up under /api/v1/.`);
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return hasBuild;
}

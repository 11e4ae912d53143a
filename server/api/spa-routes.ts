import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Vite names every file under `assets/` by its content's hash: a name never changes what it holds. */
export const HASHED_ASSETS_CACHE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, the icon) is asked again each time, so a new build is seen at once. */
export const UNHASHED_CACHE = 'no-cache';

/**
 * Serves the built SPA from `dir` with a history-API fallback: any GET outside
 * `/api/` that is not a file gets index.html, so deep links and reloads work.
 * The hashed assets are cached for good: a page opened again loads its code from
 * the browser's cache without asking (it used to revalidate each of its ~25 files).
 */
export async function registerSpaRoutes(app: FastifyInstance, dir: string): Promise<boolean> {
  const root = path.resolve(dir);
  const hashedAssets = path.join(root, 'assets') + path.sep;
  const hasBuild = fs.existsSync(path.join(root, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz copies of its code (vite.config.ts); a browser that accepts one gets it.
      preCompressed: true,
      setHeaders: (reply, filePath) => reply.header('cache-control', filePath.startsWith(hashedAssets) ? HASHED_ASSETS_CACHE : UNHASHED_CACHE),
    });
  }
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

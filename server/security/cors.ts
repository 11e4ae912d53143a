import type { FastifyInstance } from 'fastify';

/** How long a browser may reuse a preflight answer. */
const preflightMaxAgeS = 600;

/**
 * Closed by default: with no allowed origins, no Access-Control-* header is ever
 * sent, so other sites' pages cannot read the API. Each listed origin is echoed
 * back exactly (never `*`), and only to a request that carries it.
 */
export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  if (allowedOrigins.length === 0) return;
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (req, reply) => {
    // Caches must not hand one origin's answer to another.
    void reply.header('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return;
    void reply.header('access-control-allow-origin', origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      // Fastify has no OPTIONS routes, so the preflight is answered here.
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'Content-Type, Authorization')
        .header('access-control-max-age', String(preflightMaxAgeS))
        .send();
    }
  });
}

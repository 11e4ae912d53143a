import type { FastifyInstance } from 'fastify';

/**
 * CORS does not apply to WebSockets: any page a user visits could otherwise open
 * /api/v1/live on a dashboard at localhost and read every event. A browser always
 * sends Origin on an upgrade, so one from another host (not listed in
 * TETHER_CORS_ORIGINS) is refused. Producers outside browsers send no Origin.
 */
export function registerWebSocketOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return;
    const origin = req.headers.origin;
    if (origin === undefined || allowed.has(origin) || isSameHost(origin, req.headers.host)) return;
    return reply.code(403).send({ error: `WebSocket from origin ${origin} refused: list it in TETHER_CORS_ORIGINS to allow it` });
  });
}

function isSameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

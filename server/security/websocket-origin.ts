import type { FastifyInstance } from 'fastify';
import { envNames } from '../config';
import { hostnameOf, isAllowedOriginHost, type HostPolicy } from './allowed-hosts';

/**
 * CORS does not apply to WebSockets: any page a user visits could otherwise open
 * /api/v1/live on a dashboard at localhost and read every event. A browser always
 * sends Origin on an upgrade; it is accepted when listed in TETHER_CORS_ORIGINS,
 * or when it is this server's own page: the same host as the request AND a host
 * the server answers to (allowed-hosts.ts). Comparing with the request's Host
 * alone is not enough: a rebinding page sends a matching Host of its own.
 * Producers outside browsers send no Origin.
 */
export function registerWebSocketOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[], policy: HostPolicy): void {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return;
    const origin = req.headers.origin;
    if (origin === undefined || allowed.has(origin) || isOwnPage(origin, req.headers.host, policy)) return;
    return reply.code(403).send({ error: `WebSocket from origin ${origin} refused: list it in ${envNames.corsOrigins} to allow it` });
  });
}

function isOwnPage(origin: string, host: string | undefined, policy: HostPolicy): boolean {
  if (host === undefined || hostnameOf(host) === undefined || !isAllowedOriginHost(origin, policy)) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

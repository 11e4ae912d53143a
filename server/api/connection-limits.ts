import type { FastifyInstance } from 'fastify';
import { describeLimit } from '../ingest/ingest-limits';

export interface ConnectionLimits {
  maxIngestConnections: number;
  maxLiveConnections: number;
}

interface Gate {
  setting: 'maxIngestConnections' | 'maxLiveConnections';
  what: string;
  limit: number;
  open: number;
}

/**
 * Caps the WebSockets open at once on each socket route. Each socket is a buffer,
 * a parser and (for live) a share of every fan-out; past the cap a new one is
 * refused before the upgrade with 503 and a retryable error naming the limit, so
 * producers back off and reconnect, and browsers retry, instead of the server
 * running out of memory. A socket counts until it closes, however it ends.
 */
export function registerConnectionLimits(app: FastifyInstance, limits: ConnectionLimits): void {
  const gates = new Map<string, Gate>([
    ['/api/v1/ingest', { setting: 'maxIngestConnections', what: 'ingest', limit: limits.maxIngestConnections, open: 0 }],
    ['/api/v1/live', { setting: 'maxLiveConnections', what: 'live', limit: limits.maxLiveConnections, open: 0 }],
  ]);
  app.addHook('onRequest', async (req, reply) => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return;
    const gate = gates.get(req.routeOptions.url ?? '');
    if (gate === undefined) return;
    if (gate.open >= gate.limit) {
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: `too many ${gate.what} connections: ${describeLimit(gate.setting, String(gate.limit))}; retry later`, retryable: true });
    }
    gate.open++;
    req.raw.socket.once('close', () => gate.open--);
  });
}

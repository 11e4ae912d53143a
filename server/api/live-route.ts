import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { liveSubscribeSchema } from '../../src/protocol/live-messages';

const liveQuerySchema = z.object({
  sessions: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});

/** Browsers: `/api/v1/live?sessions=a,b&cursor=N`; with nothing, every session from now on. */
export function registerLiveRoute(app: FastifyInstance): void {
  const { hub } = app;
  app.get('/api/v1/live', { websocket: true }, (socket, req) => {
    const query = liveQuerySchema.safeParse(req.query);
    if (!query.success) {
      socket.send(JSON.stringify({ kind: 'error', error: `invalid query: ${query.error.issues[0]?.message}` }));
      socket.close(1008, 'invalid query');
      return;
    }
    const sessions = query.data.sessions && query.data.sessions.length > 0 ? query.data.sessions : null;
    const connected = hub.connect(socket, sessions, query.data.cursor);
    socket.on('message', (data) => {
      let parsed;
      try {
        parsed = liveSubscribeSchema.safeParse(JSON.parse(data.toString()));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        socket.send(JSON.stringify({ kind: 'error', error: 'expected {"kind":"subscribe","sessions":[...]|null,"cursor"?:N}' }));
        return;
      }
      const { sessions: wanted, cursor } = parsed.data;
      void connected.then((client) => hub.resubscribe(client, wanted, cursor));
    });
  });
}

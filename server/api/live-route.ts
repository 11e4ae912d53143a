import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionIdSchema } from '#protocol/envelope';
import { liveSubscribeSchema } from '#protocol/live-messages';

/**
 * The browser socket's query string, checked before the upgrade like every REST
 * query (server/api/parse-request.ts): a bad one is answered `400 {error, issues:
 * [{parameter, message}]}` and no socket is opened. Strict, so a misspelt
 * parameter (`?session=`) is refused rather than silently following everything.
 * `?token=` is taken out by the auth hook before validation (server/security/auth.ts).
 */
export const liveQuerySchema = z.strictObject({
  /** Comma-separated session ids to follow; absent or empty: every session. */
  sessions: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(sessionIdSchema))
    .optional(),
  /** Resume after this stored cursor; absent: live from the head. */
  cursor: z.coerce.number().int().min(0).optional(),
});

/** Browsers: `/api/v1/live?sessions=a,b&cursor=N`; with nothing, every session from now on. */
export function registerLiveRoute(app: FastifyInstance): void {
  const { hub } = app;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/live', { websocket: true, schema: { querystring: liveQuerySchema } }, (socket, req) => {
    const { sessions, cursor } = req.query;
    const connected = hub.connect(socket, sessions && sessions.length > 0 ? sessions : null, cursor);
    socket.on('message', (data) => {
      // Once open, a bad message cannot be refused at the upgrade: it is answered, naming what was wrong.
      const problem = subscribeProblem(data.toString());
      if (typeof problem === 'string') {
        socket.send(JSON.stringify({ kind: 'error', error: problem }));
        return;
      }
      void connected.then((client) => hub.resubscribe(client, problem.sessions, problem.cursor));
    });
  });
}

/** The parsed subscribe message, or why it is not one (naming the field). */
function subscribeProblem(text: string): z.infer<typeof liveSubscribeSchema> | string {
  const usage = 'expected {"kind":"subscribe","sessions":[...]|null,"cursor"?:N}';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `malformed JSON: ${usage}`;
  }
  const parsed = liveSubscribeSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? `field \`${issue.path.join('.')}\`: ` : '';
  return `invalid subscribe message: ${field}${issue.message}; ${usage}`;
}

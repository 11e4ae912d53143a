import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** Validates a query string; on failure answers 400 naming each bad parameter and returns null. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown, reply: FastifyReply): z.infer<S> | null {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  void reply.code(400).send({
    error: 'invalid query parameters',
    issues: result.error.issues.map((issue) => ({
      parameter: issue.path.length > 0 ? issue.path.map(String).join('.') : (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(query)'),
      message: issue.message,
    })),
  });
  return null;
}

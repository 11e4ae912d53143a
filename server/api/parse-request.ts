import type { FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

// Requests are validated against the shared zod schemas before a handler runs:
// routes declare `schema: { querystring, params, body }` through the zod type
// provider (fastify-type-provider-zod), so handlers get parsed, typed values and
// never answer a 400 themselves. One error handler words every refusal.

/** Where a refusal names the culprit: URL parameters (query string and path) by `parameter`, body fields by `field`. */
type Issue = { parameter: string; message: string } | { field: string; message: string };

/** A query string that failed its schema, for a route whose query schema depends on its path (the exports). */
export class InvalidQueryError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: readonly Issue[]) {
    super('invalid query parameters');
  }
}

const headline = { querystring: 'invalid query parameters', params: 'invalid path parameters', body: 'invalid body', headers: 'invalid headers' } as const;

/** `/limit` → `limit`; the root (unknown keys, a wrong type of the whole) → the keys, or what it is. */
function culprit(instancePath: string, params: Record<string, unknown>, whole: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (path !== '') return path;
  return Array.isArray(params.keys) && params.keys.length > 0 ? params.keys.join(',') : whole;
}

/**
 * Validates a query string by hand; on failure throws InvalidQueryError, which the
 * error handler answers (so a route can never send a second reply after the 400).
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  throw new InvalidQueryError(
    result.error.issues.map((issue) => ({
      parameter: culprit(`/${issue.path.map(String).join('/')}`, issue as unknown as Record<string, unknown>, '(query)'),
      message: issue.message,
    })),
  );
}

/**
 * Answers a validation refusal, `400 {error, issues: [{parameter | field, message}]}`,
 * and says whether `err` was one. For a route with its own error handler (ingest) too.
 */
export function sentValidationRefusal(err: unknown, reply: FastifyReply): boolean {
  if (err instanceof InvalidQueryError) {
    void reply.code(400).send({ error: err.message, issues: err.issues });
    return true;
  }
  if (!hasZodFastifySchemaValidationErrors(err)) return false;
  const where = (err.validationContext ?? 'body') as keyof typeof headline;
  const issues: Issue[] = err.validation.map((v) => {
    const name = culprit(v.instancePath, v.params, where === 'querystring' ? '(query)' : `(${where})`);
    const message = v.message ?? 'invalid';
    return where === 'body' ? { field: name, message } : { parameter: name, message };
  });
  void reply.code(400).send({ error: headline[where] ?? 'invalid request', issues });
  return true;
}

/**
 * The zod type provider's compilers, and one error handler for every validation
 * refusal. Every other error goes on to Fastify's own handler.
 */
export function registerRequestValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, _req, reply) => {
    if (sentValidationRefusal(err, reply)) return reply;
    throw err;
  });
}

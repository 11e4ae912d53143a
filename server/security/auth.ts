import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenVerifier, type ConfiguredTokens, type TokenScope } from './auth-tokens';
import { otlpHttpPaths } from '../otlp/otlp-paths';

/**
 * What a request needs:
 * - `public`: the SPA's static files (they hold no data) and CORS preflights;
 * - `health`: `/api/v1/health` answers `{status:'ok'}` to anyone (a liveness
 *   probe), its figures only with a token of either scope;
 * - `scoped`: a token of that scope; `queryToken` when the route may take it as
 *   `?token=` because its callers cannot send headers (browser WebSockets,
 *   download links).
 */
export type RouteAccess = { kind: 'public' } | { kind: 'health' } | { kind: 'scoped'; scope: TokenScope; queryToken: boolean };

/** `routePath` is the matched route's pattern when there is one, else the raw path: an unknown /api path is still refused. */
export function routeAccess(method: string, routePath: string): RouteAccess {
  if (method === 'OPTIONS') return { kind: 'public' };
  // OTLP exporters post to the standard paths, outside /api: they are producers like any other.
  if (method === 'POST' && otlpHttpPaths.includes(routePath)) return { kind: 'scoped', scope: 'ingest', queryToken: false };
  if (!routePath.startsWith('/api/')) return { kind: 'public' };
  if (routePath === '/api/v1/health') return { kind: 'health' };
  if (method === 'POST' && routePath === '/api/v1/events') return { kind: 'scoped', scope: 'ingest', queryToken: false };
  if (routePath === '/api/v1/ingest') return { kind: 'scoped', scope: 'ingest', queryToken: true };
  const queryToken = routePath === '/api/v1/live' || routePath.startsWith('/api/v1/export/');
  return { kind: 'scoped', scope: 'read', queryToken };
}

/**
 * The path to judge a request by: the matched route's pattern (what will answer,
 * however the URL was spelled), unless the raw path is under /api and the
 * pattern is not (a catch-all answering an unknown API path): then the raw path.
 */
export function accessPathOf(routePattern: string | undefined, rawUrl: string): string {
  const rawPath = rawUrl.split('?')[0]!;
  if (routePattern === undefined) return rawPath;
  return rawPath.startsWith('/api/') && !routePattern.startsWith('/api/') ? rawPath : routePattern;
}

/** The `Bearer` credential of an Authorization header; undefined when absent or another scheme. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1] : undefined;
}

type Decision = { ok: true } | { ok: false; status: 401 | 403; error: string; challenge?: string };

/** Pure: whether `scopes` (of the presented token, or null when none was presented) satisfy `access`. */
export function decide(access: RouteAccess, presented: boolean, scopes: ReadonlySet<TokenScope>): Decision {
  if (access.kind === 'public') return { ok: true };
  if (presented && scopes.size === 0) {
    return { ok: false, status: 401, error: 'the token is not valid', challenge: 'Bearer realm="tether-watch", error="invalid_token"' };
  }
  if (access.kind === 'health') return { ok: true };
  if (!presented) {
    const how = access.queryToken ? 'send Authorization: Bearer <token> or ?token=<token>' : 'send Authorization: Bearer <token>';
    return { ok: false, status: 401, error: `${withArticle(access.scope)} token is required: ${how}`, challenge: 'Bearer realm="tether-watch"' };
  }
  if (!scopes.has(access.scope)) {
    const held = [...scopes].join(' and ');
    return { ok: false, status: 403, error: `this token has the ${held} scope; this route needs ${withArticle(access.scope)} token` };
  }
  return { ok: true };
}

/** `an ingest`, `a read`. */
const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

function queryOf(req: FastifyRequest): Record<string, unknown> | null {
  return typeof req.query === 'object' && req.query !== null ? (req.query as Record<string, unknown>) : null;
}

/**
 * Bearer-token authentication for every /api route. Registered after the
 * WebSocket plugin, so a refused upgrade gets its HTTP status and the socket is
 * closed, never opened. With no token configured (allowed on loopback only, see
 * auth-config.ts) it lets everything through, as before tokens existed.
 */
export function registerAuth(app: FastifyInstance, tokens: ConfiguredTokens): void {
  const verifier = new TokenVerifier(tokens);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const access = routeAccess(req.method, accessPathOf(req.routeOptions.url, req.url));
    const query = queryOf(req);
    let queryToken: unknown;
    if (access.kind === 'scoped' && access.queryToken && query && 'token' in query) {
      queryToken = query.token;
      // Routes validate their query strictly and must not see (or echo) the credential.
      delete query.token;
    }
    if (!verifier.enabled) return;
    const headerToken = bearerTokenOf(req.headers.authorization);
    const presentedToken = headerToken ?? (typeof queryToken === 'string' && queryToken !== '' ? queryToken : undefined);
    const scopes = presentedToken === undefined ? new Set<TokenScope>() : verifier.scopesOf(presentedToken);
    const decision = decide(access, presentedToken !== undefined, scopes);
    if (!decision.ok) {
      if (decision.challenge) void reply.header('www-authenticate', decision.challenge);
      return reply.code(decision.status).send({ error: decision.error });
    }
    if (access.kind === 'health' && presentedToken === undefined) {
      // Liveness only: the figures (sessions, counters) are for token holders.
      return reply.code(200).send({ status: 'ok' });
    }
  });
}

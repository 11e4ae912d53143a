import { describe, expect, it } from 'vitest';
import { accessPathOf, bearerTokenOf, decide, routeAccess, type RouteAccess } from './auth';
import type { TokenScope } from './auth-tokens';

describe('routeAccess', () => {
  it('leaves the SPA and preflights open', () => {
    expect(routeAccess('GET', '/')).toEqual({ kind: 'public' });
    expect(routeAccess('GET', '/assets/index-abc.js')).toEqual({ kind: 'public' });
    expect(routeAccess('GET', '/sessions/abc')).toEqual({ kind: 'public' });
    expect(routeAccess('OPTIONS', '/api/v1/sessions')).toEqual({ kind: 'public' });
  });

  it('needs ingest to send events, read for everything else, and takes ?token= only where headers cannot be sent', () => {
    expect(routeAccess('POST', '/api/v1/events')).toEqual({ kind: 'scoped', scope: 'ingest', queryToken: false });
    expect(routeAccess('GET', '/api/v1/ingest')).toEqual({ kind: 'scoped', scope: 'ingest', queryToken: true });
    expect(routeAccess('GET', '/api/v1/live')).toEqual({ kind: 'scoped', scope: 'read', queryToken: true });
    expect(routeAccess('GET', '/api/v1/export/sessions/:id')).toEqual({ kind: 'scoped', scope: 'read', queryToken: true });
    expect(routeAccess('GET', '/api/v1/sessions')).toEqual({ kind: 'scoped', scope: 'read', queryToken: false });
    expect(routeAccess('PUT', '/api/v1/budget')).toEqual({ kind: 'scoped', scope: 'read', queryToken: false });
    expect(routeAccess('GET', '/api/v1/no-such-route')).toEqual({ kind: 'scoped', scope: 'read', queryToken: false });
    expect(routeAccess('GET', '/api/v1/health')).toEqual({ kind: 'health' });
  });
});

describe('accessPathOf', () => {
  it('judges by the route that answers, or by the raw path when a catch-all answers under /api', () => {
    expect(accessPathOf('/api/v1/sessions/:id', '/api/v1/sessions/x?y=1')).toBe('/api/v1/sessions/:id');
    expect(accessPathOf('/api/v1/sessions', '/%61pi/v1/sessions')).toBe('/api/v1/sessions');
    expect(accessPathOf('/*', '/api/v1/nothing?token=x')).toBe('/api/v1/nothing');
    expect(accessPathOf('/*', '/sessions/abc')).toBe('/*');
    expect(accessPathOf(undefined, '/api/v1/unknown?a=1')).toBe('/api/v1/unknown');
  });
});

describe('bearerTokenOf', () => {
  it('reads the Bearer credential only', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('bearer   abc ')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});

describe('decide', () => {
  const read: RouteAccess = { kind: 'scoped', scope: 'read', queryToken: false };
  const scopes = (...list: TokenScope[]) => new Set(list);

  it('asks for a token (401 with a challenge) when none was sent', () => {
    expect(decide(read, false, scopes())).toMatchObject({ ok: false, status: 401, challenge: 'Bearer realm="tether-watch"' });
  });

  it('names the scope with its article: an ingest token, a read token', () => {
    const ingest: RouteAccess = { kind: 'scoped', scope: 'ingest', queryToken: false };
    expect(decide(ingest, false, scopes())).toMatchObject({ error: expect.stringMatching(/^an ingest token is required/) });
    expect(decide(ingest, true, scopes('read'))).toMatchObject({ error: expect.stringContaining('this route needs an ingest token') });
    expect(decide(read, false, scopes())).toMatchObject({ error: expect.stringMatching(/^a read token is required/) });
  });

  it('refuses an unknown token with 401 invalid_token, even on health', () => {
    expect(decide(read, true, scopes())).toMatchObject({ ok: false, status: 401, challenge: expect.stringContaining('invalid_token') });
    expect(decide({ kind: 'health' }, true, scopes())).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 403 for a valid token of the other scope, and lets the right one through', () => {
    expect(decide(read, true, scopes('ingest'))).toMatchObject({ ok: false, status: 403, error: expect.stringContaining('needs a read token') });
    expect(decide(read, true, scopes('read'))).toEqual({ ok: true });
    expect(decide(read, true, scopes('ingest', 'read'))).toEqual({ ok: true });
    expect(decide({ kind: 'health' }, false, scopes())).toEqual({ ok: true });
    expect(decide({ kind: 'public' }, true, scopes())).toEqual({ ok: true });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { apiGet } from './api-client';
import { toQueryString } from './api-url';
import { ApiError, isRetryable } from './api-error';
import { clearAuthToken, getAuthState, setAuthToken } from '../settings/auth-token';

const schema = z.object({ ok: z.boolean() });

function respondWith(body: unknown, init: ResponseInit = {}) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), init)));
}

afterEach(() => vi.unstubAllGlobals());

describe('toQueryString', () => {
  it('drops empty values and joins lists with commas', () => {
    expect(toQueryString({ status: ['active', 'done'], q: '', limit: 100, after: undefined, x: null })).toBe(
      '?status=active%2Cdone&limit=100',
    );
    expect(toQueryString({})).toBe('');
  });
});

describe('apiGet', () => {
  it('returns the parsed body', async () => {
    respondWith({ ok: true, extra: 1 });
    await expect(apiGet('/thing', schema)).resolves.toEqual({ ok: true });
  });

  it('turns a body that breaks the contract into an ApiError that is not retried', async () => {
    respondWith({ ok: 'yes' });
    const error = await apiGet('/thing', schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('invalid-response');
    expect((error as ApiError).message).toContain('field `ok`');
    expect(isRetryable(error)).toBe(false);
  });

  it('carries the status and the server message of an HTTP error', async () => {
    respondWith({ error: 'unknown session' }, { status: 404, statusText: 'Not Found' });
    const error = (await apiGet('/sessions/x', schema).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(404);
    expect(error.isNotFound).toBe(true);
    expect(error.message).toBe('unknown session');
    expect(isRetryable(error)).toBe(false);
  });

  it('reports an unreachable server as a retryable network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    const error = (await apiGet('/health', schema).catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
    expect(isRetryable(error)).toBe(true);
  });

  it('treats 5xx as retryable', async () => {
    respondWith('boom', { status: 503 });
    const error = await apiGet('/health', schema).catch((e: unknown) => e);
    expect(isRetryable(error)).toBe(true);
  });

  it('sends the token as a Bearer header, and asks for one on a 401 or 403', async () => {
    setAuthToken('read-token-0123456789');
    respondWith({ ok: true });
    await apiGet('/thing', schema);
    const [, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer read-token-0123456789');
    expect(getAuthState().required).toBe(false);

    respondWith({ error: 'the token is not valid' }, { status: 401 });
    const refused = (await apiGet('/thing', schema).catch((e: unknown) => e)) as ApiError;
    expect(refused.status).toBe(401);
    expect(isRetryable(refused)).toBe(false);
    expect(getAuthState()).toMatchObject({ required: true, problem: null });

    respondWith({ error: 'this route needs a read token' }, { status: 403 });
    await apiGet('/thing', schema).catch(() => undefined);
    expect(getAuthState()).toMatchObject({ required: true, problem: 'this route needs a read token' });
    clearAuthToken();
  });
});

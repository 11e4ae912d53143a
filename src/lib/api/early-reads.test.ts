import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

// The registry lives on the page's global object for the page's lifetime: each
// test starts without one, and loads the modules afresh.
let apiGet: typeof import('./api-client').apiGet;
let startEarlyRead: typeof import('./early-reads').startEarlyRead;
let takeEarlyRead: typeof import('./early-reads').takeEarlyRead;

beforeEach(async () => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('tether-watch:early-reads')];
  vi.resetModules();
  ({ apiGet } = await import('./api-client'));
  ({ startEarlyRead, takeEarlyRead } = await import('./early-reads'));
});

afterEach(() => vi.unstubAllGlobals());

/** A fetch that answers `{n}` with how many times it was called, recording the URLs. */
function countingFetch(): string[] {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      asked.push(url);
      return Response.json({ n: asked.length });
    }),
  );
  return asked;
}

const schema = z.object({ n: z.number() });

describe('early reads', () => {
  it('are taken over by the app fetcher once: the next ask reads anew', async () => {
    const asked = countingFetch();
    startEarlyRead({ path: '/sessions/a/events', params: { order: 'desc', limit: 200 } });
    expect(asked).toEqual(['/api/v1/sessions/a/events?order=desc&limit=200']);

    await expect(apiGet('/sessions/a/events', schema, { params: { order: 'desc', limit: 200 } })).resolves.toEqual({ n: 1 });
    expect(asked).toHaveLength(1);
    await expect(apiGet('/sessions/a/events', schema, { params: { order: 'desc', limit: 200 } })).resolves.toEqual({ n: 2 });
    expect(asked).toHaveLength(2);
  });

  it('are not started twice for one URL, and serve only that URL', () => {
    const asked = countingFetch();
    startEarlyRead({ path: '/usage', params: { group_by: ['session'] } });
    startEarlyRead({ path: '/usage', params: { group_by: ['session'] } });
    expect(asked).toHaveLength(1);
    expect(takeEarlyRead('/api/v1/usage?group_by=model')).toBeUndefined();
    expect(takeEarlyRead('/api/v1/usage?group_by=session')).toBeDefined();
    expect(takeEarlyRead('/api/v1/usage?group_by=session')).toBeUndefined();
  });

  it('are not started once the app reads for itself: the early entry came too late', async () => {
    const asked = countingFetch();
    await apiGet('/usage', schema, { params: { group_by: 'session' } });
    startEarlyRead({ path: '/usage', params: { group_by: 'session' } });
    expect(asked).toEqual(['/api/v1/usage?group_by=session']);
  });

  it('are shared between two copies of the module: the early script has its own', async () => {
    const asked = countingFetch();
    startEarlyRead({ path: '/usage', params: { group_by: 'session' } });
    vi.resetModules();
    const appCopy = await import('./api-client');
    await expect(appCopy.apiGet('/usage', schema, { params: { group_by: 'session' } })).resolves.toEqual({ n: 1 });
    expect(asked).toHaveLength(1);
  });

  it('carry the token as kept, before the app has read it into its store', () => {
    const asked: RequestInit[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => (asked.push(init), Response.json({}))));
    vi.stubGlobal('sessionStorage', { getItem: (key: string) => (key === 'tether-watch:auth-token' ? 'secret-1' : null) });
    startEarlyRead({ path: '/sessions/d' });
    expect(asked[0]?.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer secret-1' });
  });

  it('are dropped when nobody asked for them in time', () => {
    countingFetch();
    startEarlyRead({ path: '/sessions/b' }, 1_000);
    expect(takeEarlyRead('/api/v1/sessions/b', 1_000 + 31_000)).toBeUndefined();
  });

  it('hand a failed read to whoever takes it, without an unhandled rejection before', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('connection refused');
      }),
    );
    startEarlyRead({ path: '/sessions/c' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const error = await apiGet('/sessions/c', z.object({})).catch((e: unknown) => e);
    expect(String(error)).toContain('Could not reach /api/v1/sessions/c');
  });
});

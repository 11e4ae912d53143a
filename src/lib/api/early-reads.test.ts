import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { apiGet } from './api-client';
import { startEarlyRead, takeEarlyRead } from './early-reads';

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

describe('early reads', () => {
  it('are taken over by the app fetcher once: the next ask reads anew', async () => {
    const asked = countingFetch();
    startEarlyRead({ path: '/sessions/a/events', params: { order: 'desc', limit: 200 } });
    expect(asked).toEqual(['/api/v1/sessions/a/events?order=desc&limit=200']);

    const schema = z.object({ n: z.number() });
    await expect(apiGet('/sessions/a/events', schema, { params: { order: 'desc', limit: 200 } })).resolves.toEqual({ n: 1 });
    expect(asked).toHaveLength(1);
    await expect(apiGet('/sessions/a/events', schema, { params: { order: 'desc', limit: 200 } })).resolves.toEqual({ n: 2 });
    expect(asked).toHaveLength(2);
  });

  it('are not started twice for one URL, and serve only that URL', async () => {
    const asked = countingFetch();
    startEarlyRead({ path: '/usage', params: { group_by: ['session'] } });
    startEarlyRead({ path: '/usage', params: { group_by: ['session'] } });
    expect(asked).toHaveLength(1);
    expect(takeEarlyRead('/api/v1/usage?group_by=model')).toBeUndefined();
    expect(takeEarlyRead('/api/v1/usage?group_by=session')).toBeDefined();
    expect(takeEarlyRead('/api/v1/usage?group_by=session')).toBeUndefined();
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

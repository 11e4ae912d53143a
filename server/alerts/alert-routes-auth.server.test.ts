import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../test-support/test-server';

// The alert routes take a read token: listing and acknowledging are what the
// dashboard's operator does; an ingest token (an agent's) may do neither.

const readToken = 'read-token-0123456789abcdef';
const ingestToken = 'ingest-token-0123456789abcdef';

describe('alert routes and tokens', () => {
  let started: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    started = await startTestServer({ config: { readTokens: readToken, ingestTokens: ingestToken } });
  });
  afterAll(() => started.server.close());

  const call = (method: string, path: string, token?: string) =>
    fetch(`${started.url}/api/v1${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} }).then((r) => r.status);

  it.each([
    ['GET', '/alerts'],
    ['POST', '/alerts/1/ack'],
  ])('%s %s: 401 without a token, 403 with an ingest token, through with a read token', async (method, path) => {
    expect(await call(method, path)).toBe(401);
    expect(await call(method, path, ingestToken)).toBe(403);
    expect(await call(method, path, readToken)).toBe(method === 'GET' ? 200 : 404);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testServers } from '../test-support/test-server';

const servers = testServers(afterEach);
const allowed = 'https://ops.example.com';

function corsHeadersOf(res: Response): string[] {
  return [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('CORS', () => {
  it('sends no Access-Control-* header when no origin is configured', async () => {
    const { url } = await servers.start();
    const res = await fetch(`${url}/api/v1/health`, { headers: { origin: allowed } });
    expect(res.status).toBe(200);
    expect(corsHeadersOf(res)).toEqual([]);
    const preflight = await fetch(`${url}/api/v1/sessions`, { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'GET' } });
    expect(corsHeadersOf(preflight)).toEqual([]);
  });

  it('echoes a listed origin, answers its preflight, and ignores any other', async () => {
    const { url } = await servers.start({ config: { corsOrigins: allowed } });
    const listed = await fetch(`${url}/api/v1/health`, { headers: { origin: allowed } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(listed.headers.get('vary')).toMatch(/Origin/);

    const preflight = await fetch(`${url}/api/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);

    const other = await fetch(`${url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    expect(corsHeadersOf(other)).toEqual([]);
  });
});

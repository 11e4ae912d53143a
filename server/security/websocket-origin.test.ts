import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { testServers } from '../test-support/test-server';

const servers = testServers(afterEach);

/** Opens the live socket with the given Origin; resolves 'open' or the HTTP status it was refused with. */
function connect(wsUrl: string, origin: string | undefined): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}/api/v1/live`, origin === undefined ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (req, res) => {
      // With this listener, ws leaves the refused request open; a browser would drop it.
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    socket.once('error', reject);
  });
}

describe('WebSocket origin check', () => {
  it('refuses a page from another origin, accepts the same host and clients without an Origin', async () => {
    const { url, wsUrl } = await servers.start();
    expect(await connect(wsUrl, 'https://evil.example')).toBe(403);
    expect(await connect(wsUrl, url)).toBe('open');
    expect(await connect(wsUrl, undefined)).toBe('open');
  });

  it('accepts an origin listed in TETHER_CORS_ORIGINS', async () => {
    const { wsUrl } = await servers.start({ config: { corsOrigins: 'https://ops.example.com' } });
    expect(await connect(wsUrl, 'https://ops.example.com')).toBe('open');
    expect(await connect(wsUrl, 'https://evil.example')).toBe(403);
  });
});

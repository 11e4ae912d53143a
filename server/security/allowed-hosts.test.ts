import http from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEvents } from '#protocol/sample-events';
import { testServers } from '../test-support/test-server';
import { hostPolicyOf, hostnameOf, isAllowedHostname, isAllowedOriginHost, type HostPolicy } from './allowed-hosts';

// Issue 13, item 4: a page on another site whose name is rebound to 127.0.0.1
// read /api/v1/sessions and opened /live, because nothing looked at Host and the
// WebSocket origin check compared Origin with the request's own Host.

const servers = testServers(afterEach);
const loopbackPolicy: HostPolicy = { boundHost: '127.0.0.1', allowedHosts: [] };

/** A raw request with the Host (and other headers) a browser on that page would send. */
function request(
  url: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${options.path}`, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, body: '' });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const upgradeHeaders = (host: string, origin: string) => ({
  host,
  origin,
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
});

describe('allowed hosts (pure)', () => {
  it('reads the host name of a Host header, refusing anything that is not one', () => {
    expect(hostnameOf('a.example:8787')).toBe('a.example');
    expect(hostnameOf('[::1]:8787')).toBe('::1');
    expect(hostnameOf('LOCALHOST')).toBe('localhost');
    expect(hostnameOf('tether_app:8787')).toBe('tether_app');
    expect(hostnameOf('evil.example@127.0.0.1')).toBeUndefined();
    expect(hostnameOf('127.0.0.1/x')).toBeUndefined();
  });

  it('allows loopback names, the bound address and configured names; nothing else', () => {
    for (const name of ['localhost', 'dev.localhost', '127.0.0.1', '127.8.9.10', '::1']) expect(isAllowedHostname(name, loopbackPolicy), name).toBe(true);
    for (const name of ['evil.example', '10.0.0.5', 'localhost.evil.example', '0.0.0.0']) expect(isAllowedHostname(name, loopbackPolicy), name).toBe(false);
    const proxied: HostPolicy = { boundHost: '10.0.0.5', allowedHosts: ['tether.example.com'] };
    expect(isAllowedHostname('tether.example.com', proxied)).toBe(true);
    expect(isAllowedHostname('10.0.0.5', proxied)).toBe(true);
    expect(isAllowedHostname('other.example.com', proxied)).toBe(false);
    expect(isAllowedHostname('anything.example', { boundHost: '127.0.0.1', allowedHosts: ['*'] })).toBe(true);
    expect(isAllowedHostname('fd00::2', { boundHost: '[fd00::1]', allowedHosts: ['[fd00::2]'] })).toBe(true);
    expect(isAllowedHostname('fd00::1', { boundHost: '[fd00::1]', allowedHosts: [] })).toBe(true);
  });

  it('never throws, and no decoration of a foreign name passes as loopback (fast-check)', () => {
    const allowed = (header: string) => {
      const hostname = hostnameOf(header);
      return hostname !== undefined && isAllowedHostname(hostname, loopbackPolicy);
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (header) => {
        allowed(header);
      }),
      { numRuns: 2000 },
    );
    const foreign = fc.domain().filter((d) => d !== 'localhost' && !d.endsWith('.localhost'));
    const decorations = [
      (d: string) => d,
      (d: string) => `${d}:8787`,
      (d: string) => `${d}.`,
      (d: string) => `${d.toUpperCase()}:80`,
      (d: string) => `127.0.0.1.${d}`,
      (d: string) => `localhost.${d}`,
      (d: string) => `${d}@127.0.0.1`,
      (d: string) => `127.0.0.1@${d}`,
      (d: string) => `[::1]@${d}`,
      (d: string) => `${d}/127.0.0.1`,
      (d: string) => `${d}\\@localhost`,
      (d: string) => `${d} localhost`,
      (d: string) => `${d}#@localhost`,
    ];
    fc.assert(
      fc.property(foreign, fc.constantFrom(...decorations), (domain, decorate) => {
        expect(allowed(decorate(domain))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('allows the host of TETHER_PUBLIC_URL without listing it again', () => {
    const policy = hostPolicyOf({ host: '10.0.0.5', allowedHosts: ['proxy.example'], publicUrl: 'https://Tether.Example.com/dash' });
    expect(policy).toEqual({ boundHost: '10.0.0.5', allowedHosts: ['proxy.example', 'tether.example.com'] });
    expect(isAllowedHostname('tether.example.com', policy)).toBe(true);
    expect(hostPolicyOf({ host: '127.0.0.1', allowedHosts: [], publicUrl: undefined }).allowedHosts).toEqual([]);
  });

  it('on a wildcard bind, allows any address but no unknown name (rebinding needs a name)', () => {
    const everywhere: HostPolicy = { boundHost: '0.0.0.0', allowedHosts: [] };
    expect(isAllowedHostname('192.168.1.20', everywhere)).toBe(true);
    expect(isAllowedHostname('evil.example', everywhere)).toBe(false);
  });

  it('judges an Origin by its host name', () => {
    expect(isAllowedOriginHost('http://localhost:5173', loopbackPolicy)).toBe(true);
    expect(isAllowedOriginHost('http://[::1]:8787', loopbackPolicy)).toBe(true);
    expect(isAllowedOriginHost('http://evil.example:8787', loopbackPolicy)).toBe(false);
    expect(isAllowedOriginHost('null', loopbackPolicy)).toBe(false);
  });
});

describe('Host check on the running server', () => {
  it('refuses a rebound page: its reads, its live socket and its writes, naming the setting', async () => {
    const { url } = await servers.start();
    const port = new URL(url).port;
    const rebound = `evil.example:${port}`;
    const read = await request(url, { path: '/api/v1/sessions', headers: { host: rebound } });
    expect(read.status).toBe(403);
    expect(read.body).toContain('TETHER_ALLOWED_HOSTS');
    // The old check compared Origin with this very Host, so the rebound page passed it.
    const live = await request(url, { path: '/api/v1/live', headers: upgradeHeaders(rebound, `http://${rebound}`) });
    expect(live.status).toBe(403);
    const write = await request(url, {
      path: '/api/v1/events',
      method: 'POST',
      headers: { host: rebound, 'content-type': 'application/x-ndjson' },
      body: JSON.stringify({ ...sampleEvents.done, session_id: 'rebound-write' }),
    });
    expect(write.status).toBe(403);
    expect((await fetch(`${url}/api/v1/sessions/rebound-write`)).status).toBe(404);
    // The OTLP receiver shares the port, and the check.
    const otlp = await request(url, { path: '/v1/logs', method: 'POST', headers: { host: rebound, 'content-type': 'application/json' }, body: '{}' });
    expect(otlp.status).toBe(403);
  });

  it('answers loopback names, the bound address and configured names', async () => {
    const { url } = await servers.start({ config: { allowedHosts: 'Tether.Example.com' } });
    const port = new URL(url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `app.localhost:${port}`, `[::1]:${port}`, 'tether.example.com']) {
      expect((await request(url, { path: '/api/v1/sessions', headers: { host } })).status, host).toBe(200);
    }
    expect((await request(url, { path: '/api/v1/sessions', headers: { host: 'other.example.com' } })).status).toBe(403);
  });

  it("opens the live socket for the dashboard's own page, under any allowed name", async () => {
    const { url } = await servers.start();
    const port = new URL(url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await request(url, { path: '/api/v1/live', headers: upgradeHeaders(host, `http://${host}`) })).status, host).toBe(101);
    }
    // Allowed Host, but the page is on another site: refused as before.
    expect((await request(url, { path: '/api/v1/live', headers: upgradeHeaders(`127.0.0.1:${port}`, 'https://evil.example') })).status).toBe(403);
  });

  it('refuses TETHER_ALLOWED_HOSTS entries that are not host names, at start-up', async () => {
    await expect(servers.start({ config: { allowedHosts: 'https://tether.example.com/' } })).rejects.toThrow(/TETHER_ALLOWED_HOSTS|--allowed-hosts/);
  });
});

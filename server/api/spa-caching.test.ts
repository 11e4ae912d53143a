import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testServers } from '../test-support/test-server';
import { HASHED_ASSETS_CACHE, UNHASHED_CACHE } from './spa-routes';

const servers = testServers(afterEach);

/** A static dir shaped like a Vite build: index.html, an icon, hashed chunks under assets/. */
function spaDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-spa-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/index-AbC123.js"></script>');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), 'export {};');
  return dir;
}

describe('caching of the built SPA', () => {
  it('keeps hashed assets for good and has the browser ask again for index.html, deep links and the icon', async () => {
    const { url } = await servers.start({ config: { staticDir: spaDir() } });
    const cacheOf = async (target: string) => {
      const res = await fetch(`${url}${target}`);
      expect(res.status, target).toBe(200);
      return res.headers.get('cache-control');
    };
    expect(await cacheOf('/assets/index-AbC123.js')).toBe(HASHED_ASSETS_CACHE);
    for (const target of ['/', '/index.html', '/sessions/some-id', '/usage?group=session', '/favicon.svg']) {
      expect(await cacheOf(target), target).toBe(UNHASHED_CACHE);
    }
    // Asking again is cheap: a revalidation is answered without the body while nothing changed.
    // (Through node:http: fetch adds `cache-control: no-cache` to a conditional request, which forbids a 304.)
    const etag = (await fetch(`${url}/`)).headers.get('etag');
    expect(etag).toBeTruthy();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`${url}/`, { headers: { 'if-none-match': etag! } }, (res) => resolve(res.resume().statusCode)).on('error', reject);
    });
    expect(status).toBe(304);
  });
});

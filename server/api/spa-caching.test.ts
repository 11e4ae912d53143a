import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { testServers } from '../test-support/test-server';
import { HASHED_ASSETS_CACHE, UNHASHED_CACHE } from './spa-routes';

const servers = testServers(afterEach);

const chunkText = `export const words = ${JSON.stringify('tether '.repeat(2_000))};\n`;

/** A static dir shaped like a Vite build: index.html, an icon, hashed chunks under assets/. */
function spaDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-spa-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/index-AbC123.js"></script>');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), chunkText);
  // The build's compressed copy of the chunk (vite.config.ts); the icon has none.
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js.br'), zlib.brotliCompressSync(chunkText));
  return dir;
}

/** A GET through node:http: fetch would decode the body (hiding what travelled) and turn a conditional request into a reload. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number | undefined; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
      })
      .on('error', reject);
  });
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
    const etag = (await fetch(`${url}/`)).headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await get(`${url}/`, { 'if-none-match': etag! })).status).toBe(304);
  });

  it('sends the compressed copy to a browser that accepts it, and the plain file to one that does not', async () => {
    const { url } = await servers.start({ config: { staticDir: spaDir() } });
    const chunk = `${url}/assets/index-AbC123.js`;
    const compressed = await get(chunk, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['vary']).toContain('accept-encoding');
    expect(compressed.headers['cache-control']).toBe(HASHED_ASSETS_CACHE);
    expect(compressed.headers['content-type']).toContain('javascript');
    expect(zlib.brotliDecompressSync(compressed.body).toString()).toBe(chunkText);
    expect(compressed.body.length).toBeLessThan(chunkText.length / 10);

    const plain = await get(chunk, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(chunkText);
    // A file the build left uncompressed is sent as it is, whatever the browser accepts.
    expect((await get(`${url}/favicon.svg`, { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
  });
});

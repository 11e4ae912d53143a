import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testServers } from '../test-support/test-server';
import { securityHeaders } from './security-headers';

const servers = testServers(afterEach);

/** A static dir holding a tiny SPA build, so static files and the history fallback are covered too. */
function spaDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-spa-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  return dir;
}

describe('security headers', () => {
  it('are on API answers, static files, deep links and 404s', async () => {
    const { url } = await servers.start({ config: { staticDir: spaDir() } });
    for (const target of ['/api/v1/health', '/', '/sessions/some-id', '/api/v1/nothing-here']) {
      const res = await fetch(`${url}${target}`);
      for (const [name, value] of Object.entries(securityHeaders)) {
        expect(res.headers.get(name), `${name} on ${target}`).toBe(value);
      }
    }
  });

  it('forbid inline script, eval and framing', () => {
    const csp = securityHeaders['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });
});

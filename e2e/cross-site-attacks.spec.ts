import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { sampleEvents } from '../src/protocol/sample-events';
import { serverForSpec } from './support/spec-server';

// Issue 13, item 4, in a real browser against the real server (no tokens: the
// loopback default). A page on another origin must not write events, and a
// page reaching the server under a foreign name (DNS rebinding, simulated by
// Chromium's own resolver rule) must get nothing.

const server = serverForSpec();
const reboundName = 'rebound.test';
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--host-resolver-rules=MAP ${reboundName} 127.0.0.1`],
  },
});

/** Another site: one blank page on its own port, the origin the attack runs from. */
let otherSite: http.Server;
let otherOrigin: string;
test.beforeAll(async () => {
  otherSite = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another site</title>'));
  await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://localhost:${(otherSite.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => otherSite.close(() => resolve())));

test('a page on another site cannot write events with a simple (no-preflight) POST', async ({ page }) => {
  const session = `cross-site-${Date.now()}`;
  const line = JSON.stringify({ ...sampleEvents.token_usage, session_id: session, seq: 1, prompt_tokens: 50_000_000 });
  await page.goto(otherOrigin);
  // What the attacking page did: no-cors, so the browser sends it as text/plain without asking.
  const sent = await page.evaluate(
    async ({ url, body }) => {
      try {
        await fetch(url, { method: 'POST', mode: 'no-cors', body });
        return 'sent';
      } catch (err) {
        return String(err);
      }
    },
    { url: `${server().url}/api/v1/events`, body: line },
  );
  expect(sent).toBe('sent');
  // Nothing stored: the server read no body it was not sent as NDJSON.
  const probe = await fetch(`${server().url}/api/v1/sessions/${session}`);
  expect(probe.status).toBe(404);
});

test('a page reaching the server under a rebound name gets neither the dashboard, the API nor the live socket', async ({ page }) => {
  const port = server().port;
  const response = await page.goto(`http://${reboundName}:${port}/`);
  expect(response?.status()).toBe(403);
  const outcome = await page.evaluate(async (base) => {
    const api = await fetch(`${base}/api/v1/sessions`);
    const socket = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/live`);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
    return { api: api.status, socket };
  }, `http://${reboundName}:${port}`);
  expect(outcome).toEqual({ api: 403, socket: 'refused' });
  // The same server under its own name still serves the dashboard.
  expect((await page.goto(server().url))?.status()).toBe(200);
});

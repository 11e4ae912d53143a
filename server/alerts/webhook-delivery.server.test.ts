import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthSchema } from '#protocol/health-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { startTestServer, waitFor } from '../test-support/test-server';
import { startWebhookReceiver } from '../test-support/webhook-receiver';

// Alert webhooks against a local HTTP receiver: signed, retried on failure with
// back-off, never holding ingest up, failures visible in /api/v1/health.

const secret = 'a-test-secret-of-some-length';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWith(receiverUrl: string, file: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-webhook-'));
  fs.writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify(file));
  const started = await startTestServer({ dir, config: { alertsFile: path.join(dir, 'alerts.json'), alertWebhooks: receiverUrl, ...extra } });
  cleanups.push(() => started.server.close());
  return started;
}

async function postError(url: string, sessionId: string): Promise<number> {
  const e = sessionEvents(sessionId);
  const startedMs = performance.now();
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify(e('error', { error: 'tool crashed' })) });
  expect(res.status).toBe(200);
  return performance.now() - startedMs;
}

/** What the receiver would check: our own HMAC of the raw body, compared in constant time. */
function signatureValid(body: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('alert webhooks', () => {
  it('retries a 500 with back-off, sends the same signed body each time, and stops at the first 2xx', async () => {
    const receiver = await startWebhookReceiver((n) => (n < 2 ? 500 : 200));
    cleanups.push(receiver.close);
    const { url, server } = await serverWith(receiver.url, { webhook: { retry_base_ms: 200 } }, { alertWebhookSecret: secret, publicUrl: 'https://tether.example.com/' });
    const sessionId = uniqueSessionId('hook');
    await postError(url, sessionId);

    await waitFor(() => receiver.received.length >= 3, 'three attempts', 10_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(3);
    const [first, second, third] = receiver.received;
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    for (const attempt of receiver.received) {
      expect(attempt.headers['content-type']).toBe('application/json');
      expect(signatureValid(attempt.body, attempt.headers['x-tether-signature'])).toBe(true);
    }
    // A body changed in transit no longer matches its signature.
    expect(signatureValid(first!.body.replace('tool crashed', 'tool crashes'), first!.headers['x-tether-signature'])).toBe(false);
    // Back-off: the base (200 ms), then twice it.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(190);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(390);

    const payload = JSON.parse(first!.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      kind: 'error',
      session_id: sessionId,
      url: `https://tether.example.com/sessions/${sessionId}`,
    });
    expect(new Date(payload.ts as string).toISOString()).toBe(payload.ts);
    expect(payload.message).toContain('tool crashed');
    expect(payload.text).toContain(`<https://tether.example.com/sessions/${sessionId}|`);
    expect(first!.headers['x-tether-alert-id']).toBe(String(payload.id));

    const health = healthSchema.parse(await (await fetch(`${url}/api/v1/health`)).json());
    expect(health.alerts).toMatchObject({ webhooks: 1, pending: 0, failed: 0 });
    expect(health.alerts!.last_failure).toMatchObject({ url: new URL(receiver.url).origin, error: 'HTTP 500 Internal Server Error' });
    await server.alerts.settled();
  });

  it('without a secret sends no signature header', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(receiver.close);
    const { url } = await serverWith(receiver.url, {});
    await postError(url, uniqueSessionId('unsigned'));
    await waitFor(() => receiver.received.length === 1, 'one delivery');
    expect(receiver.received[0]!.headers['x-tether-signature']).toBeUndefined();
  });

  it('gives up after max_attempts and reports the failure in /api/v1/health', async () => {
    const receiver = await startWebhookReceiver(() => 503);
    cleanups.push(receiver.close);
    const { url } = await serverWith(receiver.url, { webhook: { retry_base_ms: 50, max_attempts: 3 } });
    await postError(url, uniqueSessionId('down'));
    const health = await waitFor(async () => {
      const h = healthSchema.parse(await (await fetch(`${url}/api/v1/health`)).json());
      return h.alerts?.failed === 1 ? h : null;
    }, 'a failed delivery', 10_000);
    expect(receiver.received).toHaveLength(3);
    expect(health.alerts).toMatchObject({ pending: 0, failed: 1, last_failure: { error: 'HTTP 503 Service Unavailable' } });
  });

  it('a receiver that never answers holds up neither ingest nor other alerts', async () => {
    // Accepts the connection and never replies: the server's own timeout ends each attempt.
    const hanging = await startWebhookReceiver();
    const { default: net } = await import('node:net');
    const sockets = new Set<import('node:net').Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await hanging.close();
    });
    const silentUrl = `http://127.0.0.1:${(silent.address() as import('node:net').AddressInfo).port}/hook`;
    const { url } = await serverWith(`${silentUrl},${hanging.url}`, { webhook: { timeout_ms: 5000 } });
    const took: number[] = [];
    for (let i = 0; i < 5; i++) took.push(await postError(url, uniqueSessionId('busy')));
    // Each POST was answered while the silent receiver still held its deliveries.
    expect(Math.max(...took)).toBeLessThan(1000);
    // Well within the silent one's 5 s timeout: its deliveries never queue the others behind them.
    await waitFor(() => hanging.received.length === 5, 'the other receiver to get all five', 2000);
    expect(sockets.size).toBeGreaterThan(0);
  });

  it('a delivery pending at shutdown is sent after the restart, once', async () => {
    let up = false;
    const receiver = await startWebhookReceiver(() => (up ? 200 : 500));
    cleanups.push(receiver.close);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-webhook-restart-'));
    fs.writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify({ sweep_interval_ms: 100, webhook: { retry_base_ms: 300 } }));
    const config = { alertsFile: path.join(dir, 'alerts.json'), alertWebhooks: receiver.url };
    const first = await startTestServer({ dir, config });
    await postError(first.url, uniqueSessionId('restart'));
    await waitFor(() => receiver.received.length >= 1, 'the first, failing attempt');
    await first.server.close();
    up = true;
    const second = await startTestServer({ dir, config });
    cleanups.push(() => second.server.close());
    await waitFor(async () => healthSchema.parse(await (await fetch(`${second.url}/api/v1/health`)).json()).alerts?.pending === 0, 'the delivery to finish', 10_000);
    const delivered = receiver.received.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.received).toHaveLength(delivered);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });
});

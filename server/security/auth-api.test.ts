import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { healthSchema } from '#protocol/health-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { testServers } from '../test-support/test-server';

const servers = testServers(afterEach);
const ingestToken = 'ingest-token-0123456789abcdef';
const readToken = 'read-token-0123456789abcdef';
const startWithTokens = () => servers.start({ config: { ingestTokens: [ingestToken], readTokens: [readToken] } });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: (await res.json()) as Record<string, unknown> };
}

function postEvents(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers }, body });
}

/** Opens a WebSocket: `open` when upgraded, else the HTTP status the server answered the upgrade with. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<{ open: WebSocket; firstMessage: Promise<unknown> } | { status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    // Listening from the start: the server may speak first (live says hello at once).
    const firstMessage = new Promise<unknown>((resolveMessage) => socket.once('message', (data) => resolveMessage(JSON.parse(data.toString()))));
    socket.once('open', () => {
      servers.defer(() => socket.close());
      resolve({ open: socket, firstMessage });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('error', (err) => reject(err));
  });
}

describe('bearer tokens on REST', () => {
  it('answers 401 with a challenge and a JSON error without a token, or with a wrong one', async () => {
    const { url } = await startWithTokens();
    const none = await get(`${url}/api/v1/sessions`);
    expect(none).toMatchObject({ status: 401, challenge: 'Bearer realm="tether-watch"', body: { error: expect.stringContaining('a read token is required') } });
    const wrong = await get(`${url}/api/v1/sessions`, bearer('not-the-token-0123456789'));
    expect(wrong).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
    // The query form is only for sockets and downloads.
    expect((await get(`${url}/api/v1/sessions?token=${readToken}`)).status).toBe(401);
  });

  it('serves a read token, and answers 403 to an ingest token', async () => {
    const { url } = await startWithTokens();
    const ok = await get(`${url}/api/v1/sessions`, bearer(readToken));
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveProperty('sessions');
    const wrongScope = await get(`${url}/api/v1/sessions`, bearer(ingestToken));
    expect(wrongScope).toMatchObject({ status: 403, body: { error: expect.stringContaining('needs a read token') } });
  });

  it('takes events only with an ingest token: 401 without, 403 with a read token', async () => {
    const { url } = await startWithTokens();
    const e = sessionEvents(uniqueSessionId('auth'));
    const body = JSON.stringify(e('token_usage'));
    expect((await postEvents(url, body)).status).toBe(401);
    expect((await postEvents(url, body, bearer(readToken))).status).toBe(403);
    const accepted = await postEvents(url, body, bearer(ingestToken));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ accepted: 1 });
  });

  it('answers health with liveness only to anyone, and its figures to either token', async () => {
    const { url } = await startWithTokens();
    expect((await get(`${url}/api/v1/health`)).body).toEqual({ status: 'ok' });
    expect(healthSchema.parse((await get(`${url}/api/v1/health`, bearer(readToken))).body).store).toBe('sqlite');
    expect(healthSchema.safeParse((await get(`${url}/api/v1/health`, bearer(ingestToken))).body).success).toBe(true);
    expect((await get(`${url}/api/v1/health`, bearer('not-the-token-0123456789'))).status).toBe(401);
  });

  it('takes ?token= on downloads, hiding it from the export view\'s strict query', async () => {
    const { url } = await startWithTokens();
    expect((await fetch(`${url}/api/v1/export/token-usage?format=jsonl`)).status).toBe(401);
    const download = await fetch(`${url}/api/v1/export/token-usage?format=jsonl&token=${readToken}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect((await fetch(`${url}/api/v1/export/token-usage?format=jsonl&token=${ingestToken}`)).status).toBe(403);
  });

  it('refuses unknown and oddly spelled API paths too', async () => {
    const { url } = await startWithTokens();
    expect((await fetch(`${url}/api/v1/no-such-route`)).status).toBe(401);
    expect((await fetch(`${url}/%61pi/v1/sessions`)).status).not.toBe(200);
    expect((await fetch(`${url}/api/v1/%73essions`)).status).not.toBe(200);
  });

  it('leaves the SPA routes without a token (they hold no data)', async () => {
    const { url } = await startWithTokens();
    const res = await fetch(`${url}/sessions/x`);
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  });

  it('is open, as before, when no token is configured', async () => {
    const { url } = await servers.start();
    expect((await get(`${url}/api/v1/sessions`)).status).toBe(200);
    expect((await get(`${url}/api/v1/health`)).body).toHaveProperty('version');
  });
});

describe('bearer tokens on WebSocket upgrades', () => {
  it('refuses the live socket with an HTTP 401 without a token and 403 with an ingest token', async () => {
    const { wsUrl } = await startWithTokens();
    expect(await upgrade(`${wsUrl}/api/v1/live`)).toEqual({ status: 401 });
    expect(await upgrade(`${wsUrl}/api/v1/live?token=wrong-token-0123456789`)).toEqual({ status: 401 });
    expect(await upgrade(`${wsUrl}/api/v1/live?token=${ingestToken}`)).toEqual({ status: 403 });
  });

  it('opens the live socket with a read token in the query or the header, the query token not reaching the route', async () => {
    const { wsUrl } = await startWithTokens();
    for (const result of [await upgrade(`${wsUrl}/api/v1/live?cursor=0&token=${readToken}`), await upgrade(`${wsUrl}/api/v1/live`, bearer(readToken))]) {
      if (!('open' in result)) throw new Error(`expected an open socket, got ${result.status}`);
      expect(await result.firstMessage).toMatchObject({ kind: 'hello' });
    }
  });

  it('refuses the ingest socket without a token or with a read token, and acknowledges with an ingest token', async () => {
    const { wsUrl } = await startWithTokens();
    expect(await upgrade(`${wsUrl}/api/v1/ingest`)).toEqual({ status: 401 });
    expect(await upgrade(`${wsUrl}/api/v1/ingest`, bearer(readToken))).toEqual({ status: 403 });
    const e = sessionEvents(uniqueSessionId('ws-auth'));
    for (const result of [await upgrade(`${wsUrl}/api/v1/ingest?token=${ingestToken}`), await upgrade(`${wsUrl}/api/v1/ingest`, bearer(ingestToken))]) {
      if (!('open' in result)) throw new Error(`expected an open socket, got ${result.status}`);
      result.open.send(JSON.stringify(e('token_usage')));
      expect(await result.firstMessage).toMatchObject({ kind: 'ack' });
    }
  });
});

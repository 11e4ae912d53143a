import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { LiveClient, type LiveSink } from '../../src/live/client/live-client';
import { browserSocket } from '../../src/live/client/browser-socket';
import { liveSocketUrl } from '../../src/live/client/live-url';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openLiveClient, openProducer, testServers, waitFor } from '../test-support/test-server';

// Issue 16: a bad query on the browser socket was answered as a message on an
// opened socket ("invalid query: ..." then close 1008). It is refused at the
// upgrade instead, 400 naming the parameter, like every REST query.

const servers = testServers(afterEach);

/** The HTTP answer to an upgrade that was refused, or `opened` when it was not. */
function upgradeRefusal(url: string): Promise<{ status: number; body: unknown } | 'opened'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve('opened');
    });
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        socket.terminate();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
    });
    socket.once('error', reject);
  });
}

describe('/api/v1/live query string', () => {
  it('refuses a bad query at the upgrade with 400 naming the parameter, opening no socket', async () => {
    const { server, wsUrl } = await servers.start();
    const refusals = {
      '?cursor=-1': 'cursor',
      '?cursor=soon': 'cursor',
      '?sessions=ok-id,not%20an%20id': 'sessions.1',
      '?session=typo': 'session',
    };
    for (const [query, parameter] of Object.entries(refusals)) {
      const answer = await upgradeRefusal(`${wsUrl}/api/v1/live${query}`);
      expect(answer, query).toEqual({
        status: 400,
        body: { error: 'invalid query parameters', issues: [{ parameter, message: expect.any(String) }] },
      });
    }
    expect(server.hub.clientCount).toBe(0);
  });

  it('opens for a good query, the token parameter included', async () => {
    const { wsUrl } = await servers.start();
    for (const query of ['', '?cursor=0', '?sessions=a,b&cursor=3', '?sessions=', '?token=anything-at-all-here']) {
      expect(await upgradeRefusal(`${wsUrl}/api/v1/live${query}`), query).toBe('opened');
    }
  });

  it('answers a bad subscribe message on an open socket naming the field, and keeps the socket', async () => {
    const { wsUrl } = await servers.start();
    const live = await openLiveClient(wsUrl);
    servers.defer(() => live.socket.close());
    await waitFor(() => live.messages.some((m) => m.kind === 'caught_up'), 'caught_up');
    live.socket.send(JSON.stringify({ kind: 'subscribe', sessions: 'all' }));
    const error = await waitFor(() => live.messages.find((m) => m.kind === 'error'), 'an error message');
    expect(error).toMatchObject({ kind: 'error', error: expect.stringMatching(/^invalid subscribe message: field `sessions`: /) });
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
  });
});

describe('the browser live client against the real socket', () => {
  it('connects with its own URLs, receives events, and resumes after its cursor when the connection drops', async () => {
    // The browser's WebSocket: Node's own where it has one (22+), else ws, which has the same API.
    if (typeof globalThis.WebSocket === 'undefined') vi.stubGlobal('WebSocket', WebSocket);
    const { url, wsUrl } = await servers.start();
    const location = { protocol: 'http:', host: new URL(url).host };
    const urls: string[] = [];
    const sink: LiveSink = {
      status: vi.fn(),
      op: vi.fn(),
      sessions: vi.fn(),
      caughtUp: vi.fn(),
      lagged: vi.fn(),
      invalidEvent: vi.fn(),
      serverError: vi.fn(),
    };
    const sockets: { close(code?: number, reason?: string): void }[] = [];
    const client = new LiveClient({
      url: (cursor) => {
        urls.push(liveSocketUrl(location, cursor));
        return urls.at(-1)!;
      },
      socket: (socketUrl, handlers) => {
        const socket = browserSocket(socketUrl, handlers);
        sockets.push(socket);
        return socket;
      },
      sink,
      backoff: { baseMs: 10, maxMs: 50 },
    });
    servers.defer(async () => client.stop());
    client.start();
    await waitFor(() => vi.mocked(sink.caughtUp).mock.calls.length === 1, 'the first caught_up');

    const e = sessionEvents(uniqueSessionId('browser'));
    const producer = await openProducer(wsUrl);
    servers.defer(async () => producer.socket.close());
    await producer.send([e('token_usage')]);
    await waitFor(() => client.resumeCursor === 1, 'the stored event');

    // The connection drops: the client reconnects with ?cursor=1, which the query schema must accept.
    sockets[0]!.close(4000, 'test: drop');
    await producer.send([e('token_usage')]);
    await waitFor(() => client.resumeCursor === 2, 'the event sent while it was away');
    expect(urls.slice(0, 2)).toEqual([`${wsUrl}/api/v1/live`, `${wsUrl}/api/v1/live?cursor=1`]);
    expect(sink.serverError).not.toHaveBeenCalled();
  });
});

import { startServerProcess, type ServerProcess } from '../../server/test-support/server-process';
import { servePageFrom } from './page-origin';

// Component tests talk to the real server, run as its own process (`serve`, as
// users run it) on a free loopback port with a temporary database. Not in the
// test's own process: the jsdom environment replaces URL, Blob and friends with
// the page's, which the server's Node code must not see.

/** One server per call, stopped after the test; the page is served from the newest one. */
export function realServers(afterEach: (fn: () => Promise<void>) => void) {
  let running: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.map((server) => server.stop()));
    running = [];
  });
  return {
    async start(opts: Parameters<typeof startServerProcess>[0] = {}): Promise<ServerProcess> {
      const server = await startServerProcess(opts);
      running.push(server);
      servePageFrom(server.url);
      return server;
    },
  };
}

/**
 * One server for a whole file, for tests that each bring their own data or
 * change nothing on it: started once (a process start costs seconds), the page
 * served from it in every test.
 */
export function sharedRealServer(
  hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void; beforeEach: (fn: () => void) => void },
  opts: Parameters<typeof startServerProcess>[0] = {},
): () => ServerProcess {
  let server: ServerProcess | null = null;
  hooks.beforeAll(async () => {
    server = await startServerProcess(opts);
  });
  hooks.afterAll(async () => {
    await server?.stop();
  });
  hooks.beforeEach(() => servePageFrom(current().url));
  const current = () => {
    if (!server) throw new Error('the shared server has not started');
    return server;
  };
  return current;
}

/** Sends events as NDJSON (`POST /api/v1/events`) and fails unless every one was accepted. */
export async function sendEvents(serverUrl: string, events: readonly unknown[]): Promise<void> {
  const response = await fetch(new URL('/api/v1/events', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: events.map((event) => JSON.stringify(event)).join('\n'),
  });
  const reply = (await response.json()) as { accepted?: number; rejected?: unknown[] };
  if (response.status !== 200 || reply.accepted !== events.length) {
    throw new Error(`events not all accepted (${response.status}): ${JSON.stringify(reply)}`);
  }
}

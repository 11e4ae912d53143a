import { test as base } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../../server/test-support/server-process';

// The real server, as its own process on a fresh database, for specs: one per
// spec file (`serverForSpec`, its tests share it) or one per test (the `server`
// fixture of `test`, which a test may also stop and restart).

/**
 * The real server, as its own process on a fresh database, for one spec file:
 * started before its tests and stopped after them. Call the returned function
 * for the running process.
 */
export function serverForSpec(options: ServerOptions = {}): () => ServerProcess {
  let server: ServerProcess | undefined;
  base.beforeAll(async () => {
    server = await startServerProcess(options);
  });
  base.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the spec server is not running: use it inside a test');
    return server;
  };
}

export type ServerOptions = NonNullable<Parameters<typeof startServerProcess>[0]>;

/**
 * The real server, as its own process on a fresh database, for one test. It can be
 * stopped and started again on the same database and port, as an operator's
 * server restarts: the page keeps its URL and must find it again.
 */
export interface SpecServer {
  readonly url: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
  /** Starts it again after `stop()`, on the same database and port. */
  restart(): Promise<void>;
}

/**
 * `test` with a `server` fixture: started before the test, stopped after it
 * (whether it passed or not, and whatever state a restart left). Options per
 * spec file: `test.use({ serverOptions: { env: {...} } })`.
 */
export const test = base.extend<{ serverOptions: ServerOptions; server: SpecServer }>({
  serverOptions: [{}, { option: true }],
  // Playwright calls the second argument `use`; named otherwise so React's hook lint does not take it for `use()`.
  server: async ({ serverOptions }, provide) => {
    let running: ServerProcess = await startServerProcess(serverOptions);
    let stopped = false;
    await provide({
      get url() {
        return running.url;
      },
      get wsUrl() {
        return running.wsUrl;
      },
      async stop() {
        await running.stop();
        stopped = true;
      },
      async restart() {
        if (!stopped) throw new Error('restart() follows stop(): the port is still taken');
        running = await startServerProcess({ ...serverOptions, dir: running.dir, port: running.port });
        stopped = false;
      },
    });
    if (!stopped) await running.stop();
  },
});

export { expect } from '@playwright/test';

import { test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../../server/test-support/server-process';

/**
 * The real server, as its own process on a fresh database, for one spec file:
 * started before its tests and stopped after them. Call the returned function
 * for the running process.
 */
export function serverForSpec(options: Parameters<typeof startServerProcess>[0] = {}): () => ServerProcess {
  let server: ServerProcess | undefined;
  test.beforeAll(async () => {
    server = await startServerProcess(options);
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the spec server is not running: use it inside a test');
    return server;
  };
}

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { demoDataStatusSchema } from '#protocol/demo-data-schemas';
import { DEMO_PRODUCER } from '#protocol/demo-producer';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { makeItem } from '../test-support/store-test-events';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { waitFor } from '../test-support/test-server';

// `npm run cli -- demo remove` as users run it: its own process, against a running
// server with its demo on, and against a database file no server has open.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'demo', 'remove', ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '' } });

let running: ServerProcess | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const statusOf = async (url: string) => demoDataStatusSchema.parse(await (await fetch(`${url}/api/v1/demo-data`)).json());

describe('demo remove', () => {
  it('asks the running server, which stops its demo and removes its sessions', async () => {
    running = await startServerProcess({ demo: true });
    const { url } = running;
    await waitFor(async () => (await statusOf(url)).sessions >= 3, 'demo sessions stored', 20_000);
    const { stdout } = await run(['--server', url]);
    expect(stdout).toMatch(/^removed \d+ demo sessions \(\d+ stored events\); the running demo was stopped first\n$/);
    expect(await statusOf(url)).toEqual({ sessions: 0, demo_running: false });
  }, 90_000);

  it('removes them from a database file with --db', async () => {
    const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tether-demo-remove-')), 'tether.db');
    const store = await createSqliteStore({ path: dbPath });
    await store.ingest([
      makeItem('text_complete', 'demo-1', 1, Date.now(), { producer: DEMO_PRODUCER }),
      makeItem('text_complete', 'real-1', 1, Date.now()),
    ]);
    await store.close();

    const { stdout } = await run(['--db', dbPath]);
    expect(stdout).toBe('removed 1 demo session (1 stored events)\n');
    const reopened = await createSqliteStore({ path: dbPath });
    try {
      expect(await reopened.demoSessionCount()).toBe(0);
      expect(await reopened.getSession('demo-1')).toBeNull();
      expect(await reopened.getSession('real-1')).not.toBeNull();
    } finally {
      await reopened.close();
    }
  });

  it('says so when no server answers', async () => {
    await expect(run(['--server', 'http://127.0.0.1:9'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('cannot reach http://127.0.0.1:9') });
  });
});

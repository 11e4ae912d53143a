import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../cli/import-command';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process';
import { DatabaseInUseError } from './database-lock';
import { createSqliteStore } from './sqlite-store';

// Issue 13 item 7: a second server on the same SQLite file refuses to start, naming the
// first; a lock left by a process killed with SIGKILL never blocks the restart.

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-lock-'));
const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) await server.kill();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('one store per SQLite file', () => {
  it('refuses a second store on an open file, naming the holder, and opens once the first is closed', async () => {
    const file = path.join(tempDir, 'in-process', 'events.db');
    const first = await createSqliteStore({ path: file });
    const second = createSqliteStore({ path: file });
    await expect(second).rejects.toBeInstanceOf(DatabaseInUseError);
    await expect(second).rejects.toThrow(new RegExp(`in use by another Tether Watch process \\(pid ${process.pid} on `));
    await first.close();
    const reopened = await createSqliteStore({ path: file });
    await reopened.close();
  });

  it('the CLI import refuses a file a store has open, and writes nothing to it', async () => {
    const file = path.join(tempDir, 'import', 'events.db');
    const store = await createSqliteStore({ path: file });
    const events = path.join(tempDir, 'import', 'events.jsonl');
    fs.writeFileSync(events, `${JSON.stringify({ session_id: 'imported', seq: 1, ts: 1, type: 'text_complete', text: 'x' })}\n`);
    try {
      await expect(runImport({ files: [events], dbPath: file, log: pino({ level: 'silent' }), progress: false })).rejects.toBeInstanceOf(DatabaseInUseError);
      expect(await store.getSession('imported')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('lets any number of in-memory stores run side by side', async () => {
    const stores = await Promise.all([createSqliteStore({ path: ':memory:' }), createSqliteStore({ path: ':memory:' })]);
    expect(stores.map((store) => store.state())).toEqual([{ writable: true, problem: null }, { writable: true, problem: null }]);
    for (const store of stores) await store.close();
  });

  it('a second server on the same file stops with a message naming the first; after a SIGKILL of the first it starts', async () => {
    const dir = path.join(tempDir, 'servers');
    fs.mkdirSync(dir);
    const first = await startServerProcess({ dir });
    running.push(first);
    const refused = await startServerProcess({ dir }).then(
      (server) => {
        running.push(server);
        return null;
      },
      (err: Error) => err.message,
    );
    expect(refused).not.toBeNull();
    expect(refused).toContain(`is in use by another Tether Watch process (pid ${first.child.pid} on`);
    expect(refused).toContain('TETHER_DB');
    // The first server still runs and answers.
    expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);

    await first.kill();
    const restarted = await startServerProcess({ dir });
    running.push(restarted);
    expect((await fetch(`${restarted.url}/api/v1/health`)).status).toBe(200);
  }, 90_000);
});

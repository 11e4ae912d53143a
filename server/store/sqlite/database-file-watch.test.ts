import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthSchema } from '#protocol/health-schemas';
import { postNdjson, testServers, waitFor } from '../../test-support/test-server';

// Issue 13 item 6: `rm` of the database file while the server runs. Before, the server
// went on acknowledging into the unlinked inode and health said nothing; every event
// acknowledged since was gone after a restart.

const servers = testServers(afterEach);
const line = (session: string, seq: number) => JSON.stringify({ session_id: session, seq, ts: Date.now(), type: 'text_complete', text: 'x' });

async function health(url: string) {
  return healthSchema.parse(await (await fetch(`${url}/api/v1/health`)).json());
}

describe('the SQLite file deleted or replaced under a running server', () => {
  it('refuses ingest as retryable and says why in health, acknowledging nothing into the deleted file', async () => {
    const { url, dir } = await servers.start();
    const dbFile = path.join(dir, 'test.db');
    expect((await postNdjson(url, line('before', 1))).body).toMatchObject({ accepted: 1 });
    expect((await health(url)).store_state).toEqual({ writable: true, problem: null });

    fs.rmSync(dbFile);
    const refused = await postNdjson(url, line('after', 1));
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ retryable: true, accepted: 0 });
    expect(String(refused.body.error)).toContain(`the database file ${dbFile} was deleted`);

    const state = (await health(url)).store_state;
    expect(state.writable).toBe(false);
    expect(state.problem).toContain('was deleted while the server was running');
    // Nothing new reached the session list: the refused session is not there.
    const sessions = (await (await fetch(`${url}/api/v1/sessions`)).json()) as { sessions: { session_id: string }[] };
    expect(sessions.sessions.map((s) => s.session_id)).toEqual(['before']);
  });

  it('notices a replaced file without any ingest (health within seconds)', async () => {
    const { url, dir } = await servers.start();
    const dbFile = path.join(dir, 'test.db');
    // Another file under the same name: a restore from backup done the wrong way round.
    fs.copyFileSync(dbFile, `${dbFile}.copy`);
    fs.renameSync(`${dbFile}.copy`, dbFile);
    const state = await waitFor(async () => {
      const current = (await health(url)).store_state;
      return current.writable ? null : current;
    }, 'health to report the replaced database file', 10_000);
    expect(state.problem).toContain('was replaced by another file');
    expect((await postNdjson(url, line('late', 1))).status).toBe(503);
  });
});

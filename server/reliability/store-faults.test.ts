import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema } from '#protocol/api-schemas';
import { ProducerClient } from '../producer/producer-client';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { openProducer, postNdjson, testServers } from '../test-support/test-server';

// Real SQLite failures, not mocks:
// - disk full: the database lives on a small tmpfs that a filler file fills up, so
//   SQLite's own writes fail with ENOSPC (SQLITE_FULL); deleting the filler is the fix.
// - not writable: another connection holds the write lock past busy_timeout
//   (SQLITE_BUSY; SQLite may give up before the timeout when waiting cannot help), as a backup or a sqlite3 shell would. chmod cannot make the
//   file read-only here (the tests run as root, and an open descriptor keeps its
//   mode anyway), and remounting read-only is refused while files are open for writing.
const servers = testServers(afterEach);

/** A 16 MiB tmpfs, or null where mounting is not allowed (then the disk-full case is skipped, saying why). */
function mountSmallDisk(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
}

function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const storedSeqs = async (url: string, sessionId: string) =>
  eventPageSchema.parse(await (await fetch(`${url}/api/v1/sessions/${sessionId}/events?limit=1000`)).json()).events.map((e) => e.event.seq);

const smallDisk = mountSmallDisk();

describe('store failures', () => {
  it.skipIf(smallDisk === null)('disk full: ingest is refused as retryable, nothing unstored is acknowledged, and it recovers when space returns', async () => {
    const dir = smallDisk!;
    servers.defer(() => {
      execFileSync('umount', ['-l', dir]);
    });
    const { url, wsUrl } = await servers.start({ dir });
    const s = uniqueSessionId('full');
    const e = sessionEvents(s);
    const raw = await openProducer(wsUrl);
    servers.defer(() => raw.socket.close());
    expect(await raw.send([e('token_usage'), e('done')])).toMatchObject({ kind: 'ack' });

    const filler = fillDisk(dir);
    // Bigger than anything the WAL holds already, so SQLite must grow a file.
    const big = Array.from({ length: 300 }, () => e('text_complete', { text: 'z'.repeat(4000) }));
    const refused = await raw.send(big);
    expect(refused).toMatchObject({ kind: 'error', retryable: true, error: expect.stringMatching(/^store unavailable \(SQLITE_FULL: /) });
    const http = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: big.map((x) => JSON.stringify(x)).join('\n'),
    });
    expect(http.status).toBe(503);
    expect(http.headers.get('retry-after')).toBe('1');
    expect(await http.json()).toMatchObject({ retryable: true, accepted: 0, error: expect.stringContaining('SQLITE_FULL') });

    // The producer client keeps what was refused and retries it.
    const client = new ProducerClient({ url: `${wsUrl}/api/v1/ingest`, reconnectBaseMs: 50, reconnectMaxMs: 300 });
    servers.defer(() => client.close());
    const s2 = uniqueSessionId('full-client');
    const e2 = sessionEvents(s2);
    for (let i = 0; i < 100; i++) client.send(e2('text_complete', { text: 'w'.repeat(4000) }));
    await expect(client.flush(1500)).rejects.toThrow(/not acknowledged within 1500 ms/);
    expect(client.stats.acked).toBe(0);
    expect(client.stats.refusedFrames).toBeGreaterThan(0);
    // Still serving: reads work, the refused events are not there.
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    expect(await storedSeqs(url, s)).toEqual([1, 2]);

    fs.rmSync(filler);
    await client.flush(10_000);
    expect(client.stats).toMatchObject({ acked: 100, unacked: 0 });
    expect(await raw.send(big)).toMatchObject({ kind: 'ack', acks: { [s]: 302 } });
    expect(await storedSeqs(url, s)).toEqual([1, 2, ...big.map((x) => x.seq)]);
    expect(await storedSeqs(url, s2)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  }, 30_000);

  it('database locked by another writer: refused as retryable, accepted once the lock is gone', async () => {
    const { url, wsUrl, dir } = await servers.start();
    const s = uniqueSessionId('locked');
    const e = sessionEvents(s);
    const raw = await openProducer(wsUrl);
    servers.defer(() => raw.socket.close());
    expect(await raw.send([e('token_usage')])).toMatchObject({ kind: 'ack' });

    const other = new Database(path.join(dir, 'test.db'));
    servers.defer(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    const frame = [e('token_usage'), e('tool_call_start')];
    expect(await raw.send(frame)).toMatchObject({ kind: 'error', retryable: true, error: expect.stringMatching(/^store unavailable \(SQLITE_BUSY: database is locked\)/) });
    const http = await postNdjson(url, JSON.stringify(e('done')));
    expect(http).toMatchObject({ status: 503, body: { retryable: true, accepted: 0 } });
    expect(await storedSeqs(url, s)).toEqual([1]);

    other.exec('ROLLBACK');
    expect(await raw.send(frame)).toMatchObject({ kind: 'ack', acks: { [s]: 3 }, duplicates: 0 });
    expect((await postNdjson(url, JSON.stringify({ ...e('done'), seq: 4 }))).status).toBe(200);
    expect(await storedSeqs(url, s)).toEqual([1, 2, 3, 4]);
  }, 30_000);
});

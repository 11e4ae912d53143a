import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { eventPageSchema } from '#protocol/api-schemas';
import { removeTempDirs, tempDir } from '../test-support/follower-test-kit';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { testServers, waitFor } from '../test-support/test-server';
import { derivedRunSessionId } from '../adapters/codetether/run-jsonl-mapping';
import { runIngestCommand, type IngestCommandIo, type IngestCommandOptions } from './ingest-command';

const servers = testServers(afterEach);
afterEach(() => removeTempDirs());

const runFixture = fs.readFileSync(new URL('../adapters/codetether/fixtures/run.jsonl', import.meta.url), 'utf8');
const failedRunFixture = fs.readFileSync(new URL('../adapters/codetether/fixtures/run-failed.jsonl', import.meta.url), 'utf8');
const autochatFixture = fs.readFileSync(new URL('../adapters/codetether/fixtures/run-autochat.jsonl', import.meta.url), 'utf8');
const RUN_SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';

async function ingest(options: IngestCommandOptions, stdin: IngestCommandIo['stdin'], io: Partial<IngestCommandIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runIngestCommand(options, {
    stdin,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    ...io,
  });
  return { code, stdout, stderr };
}

describe('ingest', () => {
  it('stores a codetether run read from stdin, and the same output again as duplicates', async () => {
    const db = path.join(tempDir('ingest-db'), 'tether.db');
    const first = await ingest({ format: 'codetether-run', db }, Readable.from([runFixture]));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(`ingest (codetether-run -> ${db}): 20 lines, 16 events, 16 accepted, 0 duplicates, 0 lines rejected\n`);

    // Cut at every 7 bytes: lines arrive in pieces, as from a pipe.
    const pieces = runFixture.match(/[\s\S]{1,7}/g)!;
    const again = await ingest({ format: 'codetether-run', db }, Readable.from(pieces));
    expect(again.stdout).toContain('16 events, 0 accepted, 16 duplicates');

    const store = await createSqliteStore({ path: db });
    try {
      expect(await store.getSession(RUN_SESSION)).toMatchObject({ status: 'done', stored_event_count: 12, tool_call_count: 2, producer: 'codetether' });
      const { events } = await store.sessionEvents(RUN_SESSION, { limit: 100 });
      expect(events.map((e) => e.event.type)).toEqual([
        'text_complete', 'tool_call_start', 'tool_call_metadata', 'tool_call_metadata', 'tool_call_complete',
        'tool_call_start', 'tool_call_metadata', 'approval_request', 'tool_call_complete', 'text_complete', 'usage_report', 'done',
      ]);
    } finally {
      await store.close();
    }
  });

  it('sends protocol events to a server, reporting a bad line as stdin:N and reading on', async () => {
    const { url } = await servers.start();
    const s = uniqueSessionId('ingest');
    const e = sessionEvents(s);
    const input = `${JSON.stringify(e('token_usage'))}\n{"session_id": "${s}", "seq": \n${JSON.stringify(e('done'))}`;
    const result = await ingest({ format: 'events', server: url }, Readable.from([input]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^stdin:2: malformed JSON/);
    expect(result.stdout).toContain('3 lines, 2 events, 2 accepted, 0 duplicates, 1 lines rejected');
    const page = eventPageSchema.parse(await (await fetch(`${url}/api/v1/sessions/${s}/events`)).json());
    expect(page.events.map((r) => r.event.seq)).toEqual([1, 2]);
  });

  it('sends while the run is still going, not only at the end', async () => {
    const { url } = await servers.start();
    const input = new PassThrough();
    const lines = runFixture.trimEnd().split('\n');
    const running = ingest({ format: 'codetether-run', server: url }, input, { flushMs: 20 });
    input.write(`${lines.slice(0, 6).join('\n')}\n`);
    const sessionUrl = `${url}/api/v1/sessions/${RUN_SESSION}/events`;
    await waitFor(async () => eventPageSchema.parse(await (await fetch(sessionUrl)).json()).events.length === 2, 'the first stored events before the input ends', 10_000);
    input.end(`${lines.slice(6).join('\n')}\n`);
    expect((await running).code).toBe(0);
    expect(eventPageSchema.parse(await (await fetch(sessionUrl)).json()).events).toHaveLength(12);
  });

  it('continues the session with a failed second run, and keeps an /autochat answer that names no session', async () => {
    const db = path.join(tempDir('ingest-db'), 'tether.db');
    expect((await ingest({ format: 'codetether-run', db }, Readable.from([runFixture]))).code).toBe(0);
    const failed = await ingest({ format: 'codetether-run', db }, Readable.from([failedRunFixture]));
    // run.started has no time: its `thinking` takes seq 16, older than the session's last, so it counts as a stale resend (it is ephemeral anyway).
    expect(failed.stdout).toContain('8 lines, 7 events, 6 accepted, 1 duplicates, 0 lines rejected');
    const autochat = await ingest({ format: 'codetether-run', db }, Readable.from([autochatFixture]));
    expect(autochat.stdout).toContain('1 lines, 2 events, 2 accepted');
    // Or in the session the user names.
    expect((await ingest({ format: 'codetether-run', db, session: 'relay-7' }, Readable.from([autochatFixture]))).code).toBe(0);
    const store = await createSqliteStore({ path: db });
    try {
      expect(await store.getSession(RUN_SESSION)).toMatchObject({ status: 'error', last_error: 'provider error: 529 Overloaded: the model is overloaded, try again later', tool_call_count: 3 });
      expect(await store.getSession(derivedRunSessionId(autochatFixture.trimEnd()))).toMatchObject({ status: 'done', stored_event_count: 2 });
      expect(await store.getSession('relay-7')).toMatchObject({ status: 'done', stored_event_count: 2 });
    } finally {
      await store.close();
    }
  });

  it('reports events it could not deliver, and exits 1, when the server stays away', async () => {
    const { url, server } = await servers.start();
    await server.close();
    const e = sessionEvents(uniqueSessionId('down'));
    const result = await ingest({ format: 'events', server: url }, Readable.from([`${JSON.stringify(e('done'))}\n`]), { httpOptions: { attempts: 2, retryBaseMs: 1 } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^stdin: 1 events not delivered: cannot reach/);
    expect(result.stdout).toContain('1 events not delivered');
  });

  it('refuses --server with --db, and a server that is not an http URL', async () => {
    expect(await ingest({ format: 'events', server: 'http://x', db: '/tmp/x.db' }, Readable.from([]))).toMatchObject({ code: 2, stderr: 'tether-watch ingest: give --server or --db, not both\n' });
    expect((await ingest({ format: 'events', server: 'ftp://x' }, Readable.from([]))).code).toBe(2);
    expect(await ingest({ format: 'codetether-run', db: '/tmp/x.db', session: '../etc' }, Readable.from([]))).toMatchObject({ code: 2, stderr: expect.stringContaining('--session: expected 1-128 characters') });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../src/protocol/api-schemas';
import { IngestPipeline } from '../../ingest/ingest-pipeline';
import { capturingLogger, removeTempDirs, tempDir, waitFor } from '../../ingest/files/follower-test-kit';
import type { EventStore } from '../../store/event-store';
import { createSqliteStore } from '../../store/sqlite/sqlite-store';
import { watchCodetetherDir, type CodetetherWatch } from './codetether-watch';

const fixtureDir = new URL('./fixtures/', import.meta.url).pathname;
const threadLines = fs.readFileSync(path.join(fixtureDir, 'thread-log.jsonl'), 'utf8').trimEnd().split('\n');
const sessionFixture = fs.readFileSync(path.join(fixtureDir, 'session.json'), 'utf8');
const SESSION = '7d3c1b9e-4a52-4f0e-9a61-2f1c0d8e5b42';
/** Events the fixture's 29 lines map to, and the stored (history) ones among them: see thread-log-mapping.test.ts. */
const FIXTURE_EVENTS = 24;
const FIXTURE_STORED = 15;

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  removeTempDirs();
});

/** A data dir with `threads/` and `sessions/`, and a real SQLite store and pipeline behind a watcher. */
async function setUp() {
  const root = tempDir('codetether');
  const dataDir = path.join(root, '.codetether-agent');
  fs.mkdirSync(path.join(dataDir, 'threads'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'sessions'), { recursive: true });
  const store = await createSqliteStore({ path: path.join(root, 'tether.db') });
  const { log, messages } = capturingLogger();
  const pipeline = new IngestPipeline(store, () => undefined, log);
  cleanups.push(async () => {
    await pipeline.drain();
    await store.close();
  });
  const threadLog = path.join(dataDir, 'threads', `${SESSION}.jsonl`);
  const sessionFile = path.join(dataDir, 'sessions', `${SESSION}.json`);
  return { dataDir, store, pipeline, messages, threadLog, sessionFile };
}

function startWatch(env: Awaited<ReturnType<typeof setUp>>): CodetetherWatch {
  const watch = watchCodetetherDir({
    dataDir: env.dataDir,
    submit: (items) => env.pipeline.submit(items),
    countRejected: (n) => env.pipeline.countRejected(n),
    lastSeqOf: async (id) => (await env.store.getSession(id))?.last_seq ?? 0,
    log: capturingLogger().log,
    pollMs: 40,
    usageIntervalMs: 0,
  });
  // Stopping twice is harmless: the clean-up stops whatever a test left running.
  cleanups.push(() => watch.stop());
  return watch;
}

async function sessionWhere(store: EventStore, ok: (s: SessionSummary) => boolean, what: string): Promise<SessionSummary> {
  let last: SessionSummary | null = null;
  const poll = async () => {
    last = await store.getSession(SESSION);
    return last !== null && ok(last);
  };
  for (const deadline = Date.now() + 10_000; !(await poll()); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
  }
  return last!;
}

describe('watchCodetetherDir', () => {
  it('shows a session under its title with its transcript, from the thread log and the session file', async () => {
    const env = await setUp();
    fs.writeFileSync(env.threadLog, `${threadLines.join('\n')}\n`);
    fs.writeFileSync(env.sessionFile, sessionFixture);
    const watch = startWatch(env);

    const summary = await sessionWhere(env.store, (s) => s.title !== null && s.stored_event_count === FIXTURE_STORED, 'the titled session');
    expect(summary).toMatchObject({ title: 'Fix the failing date test', agent: 'build', model: 'anthropic/claude-sonnet-4-5', status: 'error', last_error: 'provider returned 529 overloaded', tool_call_count: 4 });
    // Recorded usage is an aggregate: no token_usage, so no tokens counted twice later.
    expect(summary.prompt_tokens).toBe(0);
    await waitFor(() => watch.stats().sessionFiles.syncs === 1, 'one sync');
    expect(watch.stats().unmappedLines).toBe(1);

    // The agent renames the session: the new title replaces the old.
    fs.writeFileSync(env.sessionFile, sessionFixture.replace('"Fix the failing date test"', '"Date test fixed"'));
    await sessionWhere(env.store, (s) => s.title === 'Date test fixed', 'the new title');
  });

  it('waits for a partial last line, skips an interleaved one with a counted warning, and reads on', async () => {
    const env = await setUp();
    const { log, messages } = capturingLogger();
    const half = threadLines[8]!.length >> 1;
    fs.writeFileSync(env.threadLog, `${threadLines.slice(0, 8).join('\n')}\n${threadLines[8]!.slice(0, half)}`);
    const watch = watchCodetetherDir({ dataDir: env.dataDir, submit: (i) => env.pipeline.submit(i), countRejected: (n) => env.pipeline.countRejected(n), lastSeqOf: async () => 0, log, pollMs: 40 });
    cleanups.push(() => watch.stop());
    // Lines 1-8 hold one stored event (item 2's text_complete).
    await sessionWhere(env.store, (s) => s.stored_event_count === 1, 'the complete lines');

    // Two writers on one line: line 10 is the start of one record, then a whole other one (line 11's).
    const interleaved = `${threadLines[9]!.slice(0, 40)}${threadLines[10]}`;
    fs.appendFileSync(env.threadLog, `${threadLines[8]!.slice(half)}\n${interleaved}\n${threadLines.slice(11, 14).join('\n')}\n`);
    // Line 9 (tool_call_start), the whole record at the end of line 10 (tool_call_metadata), lines 12-14 (complete, start, complete).
    const summary = await sessionWhere(env.store, (s) => s.stored_event_count === 6, 'the lines around the bad one');
    expect(summary.tool_call_count).toBe(2);
    const file = env.threadLog;
    await waitFor(() => messages().some((m) => m.startsWith(`${file}:10: malformed JSON`)), 'the warning naming file and line');
    expect(env.pipeline.counters.rejected).toBe(1);
    expect(watch.stats().threadLogs.rejected).toBe(1);
  });

  it('re-reads everything after a restart without storing anything twice, a cut-off last line included', async () => {
    const env = await setUp();
    // The agent died mid-write: the file ends inside a line.
    fs.writeFileSync(env.threadLog, `${threadLines.slice(0, 20).join('\n')}\n${threadLines[20]!.slice(0, 30)}`);
    fs.writeFileSync(env.sessionFile, sessionFixture);
    const first = startWatch(env);
    const before = await sessionWhere(env.store, (s) => s.title !== null && s.stored_event_count === 10, 'the first reading');
    await first.stop();
    const headBefore = await env.store.headCursor();

    // Lines 1-20 map to 17 events (10 stored): all of them come back as duplicates.
    const second = startWatch(env);
    await waitFor(() => second.stats().threadLogs.duplicates === 17, 'the second reading, all duplicates');
    expect(await env.store.headCursor()).toBe(headBefore);
    expect((await env.store.getSession(SESSION))!.stored_event_count).toBe(before.stored_event_count);

    // The agent comes back and appends right after the cut-off record: that one is lost (with a
    // warning), the whole record after it on the same line is kept, and so are the next lines.
    fs.appendFileSync(env.threadLog, `${threadLines[21]}\n${threadLines[22]}\n`);
    const after = await sessionWhere(env.store, (s) => s.status === 'done', 'the turn end after the damaged line');
    // turn.completed's response was not seen as a completed item (that line was cut): text_complete + done.
    expect(after.stored_event_count).toBe(12);
    expect(second.stats().threadLogs.rejected).toBe(1);
  });

  it('reads a thread log that was truncated and written again without storing it twice', async () => {
    const env = await setUp();
    fs.writeFileSync(env.threadLog, `${threadLines.join('\n')}\n`);
    const watch = startWatch(env);
    await sessionWhere(env.store, (s) => s.stored_event_count === FIXTURE_STORED, 'the whole file');
    fs.writeFileSync(env.threadLog, `${threadLines.slice(0, 10).join('\n')}\n`);
    await waitFor(() => watch.stats().threadLogs.restarts === 1, 'the restart');
    fs.appendFileSync(env.threadLog, `${threadLines.slice(10).join('\n')}\n`);
    await waitFor(() => watch.stats().threadLogs.lines === 2 * FIXTURE_EVENTS, 'the file read again');
    expect(watch.stats().threadLogs).toMatchObject({ accepted: FIXTURE_EVENTS, duplicates: FIXTURE_EVENTS });
    expect((await env.store.getSession(SESSION))!.stored_event_count).toBe(FIXTURE_STORED);
  });

  it('leaves out session files without a thread log (old sessions of other front-ends)', async () => {
    const env = await setUp();
    fs.writeFileSync(path.join(env.dataDir, 'sessions', 'lonely.json'), JSON.stringify({ id: 'lonely', title: 'No thread log', messages: [] }));
    fs.writeFileSync(env.threadLog, `${threadLines[0]}\n`);
    fs.writeFileSync(env.sessionFile, sessionFixture);
    const watch = startWatch(env);
    await sessionWhere(env.store, (s) => s.title !== null, 'the session with a thread log');
    await waitFor(() => watch.stats().sessionFiles.headReads >= 2, 'both files read');
    expect(await env.store.getSession('lonely')).toBeNull();
  });
});

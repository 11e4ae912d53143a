import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '#protocol/api-schemas';
import { IngestPipeline } from '../../ingest/ingest-pipeline';
import { capturingLogger, removeTempDirs, tempDir, waitFor } from '../../test-support/follower-test-kit';
import type { EventStore } from '../../store/event-store';
import { createSqliteStore } from '../../store/sqlite/sqlite-store';
import { watchCodetetherDir, type CodetetherWatch } from './codetether-watch';

const fixtureDir = new URL('./fixtures/', import.meta.url).pathname;
const threadLines = fs.readFileSync(path.join(fixtureDir, 'thread-log.jsonl'), 'utf8').trimEnd().split('\n');
const sessionFixture = fs.readFileSync(path.join(fixtureDir, 'session.json'), 'utf8');
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';
/** Events the fixture's 30 lines map to, and the stored (history) ones among them: see thread-log-mapping.test.ts. */
const FIXTURE_EVENTS = 25;
const FIXTURE_STORED = 19;
const approvalLines = fs.readFileSync(path.join(fixtureDir, 'approvals.jsonl'), 'utf8');

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
    fs.mkdirSync(path.join(env.dataDir, 'approvals'));
    fs.writeFileSync(path.join(env.dataDir, 'approvals', 'approvals.jsonl'), approvalLines);
    const watch = startWatch(env);

    // The thread log's events, and both approvals' decisions from approvals.jsonl.
    const summary = await sessionWhere(env.store, (s) => s.title !== null && s.stored_event_count === FIXTURE_STORED + 2, 'the titled session');
    expect(summary).toMatchObject({ title: 'Fix the failing date test', agent: 'build', model: 'anthropic/claude-sonnet-4-5', status: 'error', producer: 'codetether', tool_call_count: 3 });
    expect(summary.last_error).toBe('provider error: 529 Overloaded: the model is overloaded, try again later');
    // Recorded usage is an aggregate: no token_usage, so no tokens counted twice later.
    expect(summary.prompt_tokens).toBe(0);
    await waitFor(() => watch.stats().sessionFiles.syncs === 1, 'one sync');
    // Both decisions are shown in the session that asked. Which follower stores one depends on which file is
    // read first (the side that arrives second produces it: approval-correlator.ts), so only the outcome is fixed.
    const { events } = await env.store.sessionEvents(SESSION, { limit: 100 });
    const decisions = events.flatMap((e) => (e.event.type === 'approval_decision' ? [[e.event.approval_id, e.event.status]] : []));
    expect(decisions.sort()).toEqual([
      ['5f0e8a14-2b6c-4d3e-8a9f-1c2d3e4f5a6b', 'approved'],
      ['c3a9d2e1-7b84-4f65-9e0a-b1c2d3e4f506', 'denied'],
    ]);
    expect(watch.stats().approvals.rejected).toBe(0);
    expect(watch.stats().unmappedLines).toBe(0);

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
    // Lines 1-8 hold four stored events (the prompt, the text, the bash call's start and its command).
    await sessionWhere(env.store, (s) => s.stored_event_count === 4, 'the complete lines');

    // Two writers on one line: line 10 is the start of one record (tool.completed), then a whole other one (line 11's command.completed).
    const interleaved = `${threadLines[9]!.slice(0, 40)}${threadLines[10]}`;
    fs.appendFileSync(env.threadLog, `${threadLines[8]!.slice(half)}\n${interleaved}\n${threadLines.slice(11, 14).join('\n')}\n`);
    // Line 9 (metadata), the kept command.completed (it now completes the call), lines 12-14 (start, nothing, metadata).
    const summary = await sessionWhere(env.store, (s) => s.stored_event_count === 8, 'the lines around the bad one');
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
    const before = await sessionWhere(env.store, (s) => s.title !== null && s.stored_event_count === 11, 'the first reading');
    await first.stop();
    const headBefore = await env.store.headCursor();

    // Lines 1-20 map to 16 events (11 stored): all of them come back as duplicates.
    const second = startWatch(env);
    await waitFor(() => second.stats().threadLogs.duplicates === 16, 'the second reading, all duplicates');
    expect(await env.store.headCursor()).toBe(headBefore);
    expect((await env.store.getSession(SESSION))!.stored_event_count).toBe(before.stored_event_count);

    // The agent comes back and appends right after the cut-off record: that one is lost (with a
    // warning), the whole record after it on the same line is kept, and so are the next lines.
    fs.appendFileSync(env.threadLog, `${threadLines[21]}\n`);
    const after = await sessionWhere(env.store, (s) => s.status === 'done', 'the turn end after the damaged line');
    // The cut-off turn.done is lost; the turn.completed kept after it ends the turn: one done, the answer not repeated.
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

  it('stores each approval decision once, however often the files are read again', async () => {
    const env = await setUp();
    fs.writeFileSync(env.threadLog, `${threadLines.join('\n')}\n`);
    fs.mkdirSync(path.join(env.dataDir, 'approvals'));
    fs.writeFileSync(path.join(env.dataDir, 'approvals', 'approvals.jsonl'), approvalLines);
    const first = startWatch(env);
    await sessionWhere(env.store, (s) => s.stored_event_count === FIXTURE_STORED + 2, 'the events and both decisions');
    await first.stop();
    const second = startWatch(env);
    // Both files are read again, in either order: the decisions come along with whichever side is second.
    const duplicates = () => second.stats().approvals.duplicates + second.stats().threadLogs.duplicates;
    await waitFor(() => duplicates() === FIXTURE_EVENTS + 2 && second.stats().threadLogs.lines === FIXTURE_EVENTS + (second.stats().approvals.duplicates === 2 ? 0 : 2), 'the second reading, all duplicates');
    expect(second.stats().approvals.accepted + second.stats().threadLogs.accepted).toBe(0);
    expect((await env.store.getSession(SESSION))!.stored_event_count).toBe(FIXTURE_STORED + 2);
  });

  it('follows a session the agent moved to another worktree, through its session-locations pointer', async () => {
    const env = await setUp();
    const worktreeData = path.join(tempDir('worktree'), '.codetether-agent');
    for (const sub of ['threads', 'sessions']) fs.mkdirSync(path.join(worktreeData, sub), { recursive: true });
    fs.writeFileSync(path.join(worktreeData, 'threads', `${SESSION}.jsonl`), `${threadLines.join('\n')}\n`);
    const sessionFile = path.join(worktreeData, 'sessions', `${SESSION}.json`);
    fs.writeFileSync(sessionFile, sessionFixture);
    const locationsRoot = tempDir('global-data');
    fs.mkdirSync(path.join(locationsRoot, 'session-locations'));
    fs.writeFileSync(path.join(locationsRoot, 'session-locations', `${SESSION}.path`), sessionFile);
    const watch = watchCodetetherDir({
      dataDir: env.dataDir,
      locationsRoot,
      submit: (items) => env.pipeline.submit(items),
      lastSeqOf: async (id) => (await env.store.getSession(id))?.last_seq ?? 0,
      log: capturingLogger().log,
      pollMs: 40,
      usageIntervalMs: 0,
    });
    cleanups.push(() => watch.stop());
    await sessionWhere(env.store, (s) => s.title === 'Fix the failing date test' && s.stored_event_count === FIXTURE_STORED, 'the moved session');
    expect(watch.stats().otherDataDirs).toEqual([worktreeData]);
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

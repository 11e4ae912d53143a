import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '#protocol/event-schemas';
import { parseEvent } from '#protocol/parse-event';
import { capturingLogger, FakeSubmit, removeTempDirs, tempDir, waitFor } from '../../test-support/follower-test-kit';
import type { IngestOutcome } from '../../store/event-store';
import type { IngestItem } from '../../ingest/ingest-item';
import type { SessionFileSummary } from './session-file-reader';
import { watchSessionFiles, type SessionFileWatcher, type SessionFileWatcherOptions } from './session-file-watcher';
import { sendSessionSync } from './session-sync-sender';

const sessionFixture = fs.readFileSync(new URL('./fixtures/session.json', import.meta.url), 'utf8');
const SESSION = '0b7c6f2e-3d41-4a8e-9f25-6c1d2e3f4a5b';

let watchers: SessionFileWatcher[] = [];
afterEach(async () => {
  for (const w of watchers) await w.stop();
  watchers = [];
  removeTempDirs();
});

function start(sessionsDir: string, overrides: Partial<SessionFileWatcherOptions> = {}) {
  const store = new FakeSubmit();
  const { log, messages } = capturingLogger();
  const syncs = () => [...store.stored.values()].map((i) => i.event as EventOf<'session_sync'>);
  const watcher = watchSessionFiles({
    sessionsDir,
    threadLogIds: async () => new Set([SESSION]),
    submit: store.submit,
    lastSeqOf: async (id) => Math.max(0, ...store.seqs(id)),
    log,
    pollMs: 30,
    usageIntervalMs: 0,
    ...overrides,
  });
  watchers.push(watcher);
  return { store, messages, syncs, watcher };
}

function sessionsDirWith(text: string): { dir: string; file: string } {
  const dir = tempDir('session-files');
  const file = path.join(dir, `${SESSION}.json`);
  fs.writeFileSync(file, text);
  return { dir, file };
}

describe('watchSessionFiles', () => {
  it('sends the summary with the recorded usage (read past the messages) as a valid session_sync', async () => {
    const { dir } = sessionsDirWith(sessionFixture);
    const { syncs } = start(dir);
    const [sync] = await waitFor(() => (syncs().length === 1 ? syncs() : null), 'the sync');
    expect(parseEvent(sync)).toMatchObject({ ok: true, known: true });
    expect(sync).toMatchObject({
      session_id: SESSION,
      seq: 1,
      ts: Date.parse('2026-01-05T12:36:16.123Z'),
      session: { id: SESSION, title: 'Fix the failing date test', agent: 'build', metadata: { model: 'anthropic/claude-sonnet-4-5' }, usage: { prompt_tokens: 15230, completion_tokens: 912 } },
    });
    expect(sync!.session).not.toHaveProperty('messages');
  });

  it('reads only session files: not the checkpoint, journal, listing cache or workspace index beside them', async () => {
    const { dir } = sessionsDirWith(sessionFixture);
    // What the agent keeps in the same folder (session/listing/path.rs skips them too).
    fs.writeFileSync(path.join(dir, `${SESSION}.checkpoint.json`), JSON.stringify({ reason: 'step_budget', original_objective: 'x', max_step_budget: 50, session_id: SESSION, workspace: null, message_count: 3 }));
    fs.writeFileSync(path.join(dir, `${SESSION}.journal.jsonl`), '{"seq":1}\n');
    fs.writeFileSync(path.join(dir, '.listing_cache.json'), JSON.stringify({ entries: { [SESSION]: { title: 'cached' } } }));
    fs.writeFileSync(path.join(dir, '.workspace_index.json'), JSON.stringify({ id: SESSION, title: 'index', updated_at: '2030-01-01T00:00:00Z' }));
    const { syncs, watcher } = start(dir);
    await waitFor(() => syncs().length === 1, 'the sync');
    await new Promise((r) => setTimeout(r, 120));
    expect(watcher.stats()).toMatchObject({ files: 1, headReads: 1 });
    expect(syncs().map((s) => s.session.title)).toEqual(['Fix the failing date test']);
  });

  it('re-reads the head of every new version at once, and the usage at most every usageIntervalMs', async () => {
    const { dir, file } = sessionsDirWith(sessionFixture);
    const { syncs, watcher } = start(dir, { usageIntervalMs: 3_600_000 });
    await waitFor(() => syncs().length === 1, 'the first sync');
    fs.writeFileSync(file, sessionFixture.replace('Fix the failing date test', 'Renamed').replace('"prompt_tokens":15230', '"prompt_tokens":99999'));
    const renamed = await waitFor(() => syncs().find((s) => s.session.title === 'Renamed'), 'the renamed sync');
    // The usage scan ran once: the new usage waits for the interval.
    expect(renamed.session).toMatchObject({ usage: { prompt_tokens: 15230 } });
    expect(watcher.stats()).toMatchObject({ usageScans: 1, syncs: 2 });
    expect(renamed.seq).toBe(2);
  });

  it('does not send a summary again when the file changed but the summary did not', async () => {
    const { dir, file } = sessionsDirWith(sessionFixture);
    const { watcher } = start(dir);
    await waitFor(() => watcher.stats().syncs === 1, 'the first sync');
    fs.writeFileSync(file, sessionFixture.replace('"Fix the failing date test in utils"', '"another message"'));
    await waitFor(() => watcher.stats().headReads === 2, 'the new version read');
    expect(watcher.stats().syncs).toBe(1);
  });

  it('warns once about a file that is not a session, and keeps following the others', async () => {
    const { dir } = sessionsDirWith(sessionFixture);
    fs.writeFileSync(path.join(dir, 'broken.json'), '["not", "a", "session"]');
    const { messages, watcher } = start(dir);
    await waitFor(() => watcher.stats().syncs === 1 && watcher.stats().headReads >= 2, 'both files read');
    await waitFor(() => messages().some((m) => m.startsWith(`${path.join(dir, 'broken.json')}: not a session file`)), 'the warning');
    expect(watcher.stats().unreadable).toBe(1);
  });
});

describe('sendSessionSync', () => {
  const summary: SessionFileSummary = { id: 's', title: 'T', agent: null, created_at: null, updated_at: null, model: null, usage: null };

  it('takes the seq after the session last, and tries again when a newer event overtook it', async () => {
    let last = 40;
    const sent: IngestItem[] = [];
    const submit = async (items: IngestItem[]): Promise<IngestOutcome[]> => {
      sent.push(...items);
      // Another source's event lands first, twice.
      if (sent.length < 3) {
        last += 16;
        return [{ kind: 'duplicate' }];
      }
      return [{ kind: 'live' }];
    };
    expect(await sendSessionSync('s', summary, 1_000, { submit, lastSeqOf: async () => last })).toEqual({ kind: 'applied', seq: 73 });
    expect(sent.map((i) => i.event.seq)).toEqual([41, 57, 73]);
    expect(sent[0]!.event).toMatchObject({ ts: 1_000, type: 'session_sync' });
  });

  it('gives up after its attempts (the next poll tries again)', async () => {
    const stale = async (items: IngestItem[]): Promise<IngestOutcome[]> => items.map(() => ({ kind: 'duplicate' }));
    expect(await sendSessionSync('s', summary, 0, { submit: stale, lastSeqOf: async () => 5, attempts: 2 })).toEqual({ kind: 'stale' });
  });
});

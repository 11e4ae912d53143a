import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionEvents } from '../../test-support/event-factory';
import { createSqliteStore } from '../../store/sqlite/sqlite-store';
import { IngestPipeline } from '../ingest-pipeline';
import { capturingLogger, eventLines, FakeSubmit, removeTempDirs, tempDir, waitFor } from '../../test-support/follower-test-kit';
import { followJsonlDirectory, type FollowJsonlOptions, type FollowReport, type JsonlFollower } from './jsonl-follower';

let followers: JsonlFollower[] = [];
afterEach(async () => {
  for (const follower of followers) await follower.stop();
  followers = [];
  vi.restoreAllMocks();
  removeTempDirs();
});

function start(dir: string, overrides: Partial<FollowJsonlOptions> = {}) {
  const store = new FakeSubmit();
  const reports: FollowReport[] = [];
  const { log, messages } = capturingLogger();
  let countedRejected = 0;
  const follower = followJsonlDirectory({
    dir,
    submit: store.submit,
    countRejected: (n) => (countedRejected += n),
    log,
    pollMs: 40,
    onReport: (r) => reports.push(r),
    ...overrides,
  });
  followers.push(follower);
  return { store, reports, messages, follower, countedRejected: () => countedRejected };
}

const committedUpTo = (reports: FollowReport[], file: string, line: number) =>
  reports.some((r) => r.kind === 'committed' && r.file === file && r.lastLine >= line);

describe('followJsonlDirectory', () => {
  it('waits for a partial last line and submits it once completed', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    const [one, two, three] = eventLines('s-partial', 1, 3) as [string, string, string];
    fs.writeFileSync(file, `${one}\n${two.slice(0, 25)}`);
    const { store, reports } = start(dir);

    await waitFor(() => committedUpTo(reports, file, 1), 'line 1');
    expect(store.seqs('s-partial')).toEqual([1]);

    fs.appendFileSync(file, two.slice(25));
    fs.appendFileSync(file, `\n${three}\n`);
    await waitFor(() => store.seqs('s-partial').length === 3, 'lines 2 and 3');
    expect(store.seqs('s-partial')).toEqual([1, 2, 3]);
    expect(store.duplicates).toBe(0);
  });

  it('follows files that appear after it started, and only *.jsonl ones', async () => {
    const dir = tempDir('follow');
    const { store, follower } = start(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), `${eventLines('s-txt', 1, 1)[0]}\n`);
    fs.writeFileSync(path.join(dir, 'b.jsonl'), `${eventLines('s-new', 1, 2).join('\n')}\n`);
    await waitFor(() => store.seqs('s-new').length === 2, 'the new file');
    expect(store.seqs('s-txt')).toEqual([]);
    expect(follower.stats()).toMatchObject({ files: 1, accepted: 2, lines: 2 });
  });

  it('reads a truncated file again from the start', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, `${eventLines('s-trunc', 1, 5).join('\n')}\n`);
    const { store, reports, follower } = start(dir);
    await waitFor(() => store.seqs('s-trunc').length === 5, 'the first five');

    fs.writeFileSync(file, `${eventLines('s-trunc', 6, 1)[0]}\n`);
    await waitFor(() => store.seqs('s-trunc').length === 6, 'the line after truncation');
    expect(reports).toContainEqual({ kind: 'restarted', file, reason: 'truncated' });
    expect(follower.stats().restarts).toBe(1);
  });

  it('reads a rotated file (same name, new inode) from the start', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, `${eventLines('s-rot', 1, 2).join('\n')}\n`);
    const { store, reports } = start(dir);
    await waitFor(() => store.seqs('s-rot').length === 2, 'the old file');

    // Bigger than the old file, so only the inode tells that it is a new one; swapped in atomically.
    const replacement = path.join(dir, 'a.next');
    fs.writeFileSync(replacement, `${eventLines('s-rot', 1, 6).join('\n')}\n`);
    fs.renameSync(replacement, file);
    await waitFor(() => store.seqs('s-rot').length === 6, 'the new file');
    expect(reports).toContainEqual({ kind: 'restarted', file, reason: 'rotated' });
    // Its first two lines were already stored: reported as duplicates, stored once.
    expect(store.duplicates).toBe(2);
  });

  it('forgets a deleted file', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, `${eventLines('s-del', 1, 1)[0]}\n`);
    const { store, reports, follower } = start(dir);
    await waitFor(() => store.seqs('s-del').length === 1, 'the file');
    fs.unlinkSync(file);
    await waitFor(() => reports.some((r) => r.kind === 'forgotten' && r.file === file), 'forgotten');
    expect(follower.stats().files).toBe(0);
  });

  it('reports a bad line with file:line and reason, and accepts the good ones around it', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    const next = sessionEvents('s-bad');
    const lines = [
      JSON.stringify(next('token_usage')),
      JSON.stringify({ ...next('token_usage'), prompt_tokens: '1200' }),
      '',
      '{"session_id": "s-bad", "seq": ',
      JSON.stringify(next('done')),
    ];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { store, messages, follower, countedRejected } = start(dir);

    await waitFor(() => store.seqs('s-bad').includes(3), 'the line after the bad ones');
    expect(store.seqs('s-bad')).toEqual([1, 3]);
    expect(messages()).toContain(`${file}:2: token_usage: field \`prompt_tokens\`: expected number, received string`);
    expect(messages().some((m) => m.startsWith(`${file}:4: malformed JSON`))).toBe(true);
    expect(countedRejected()).toBe(2);
    expect(follower.stats()).toMatchObject({ rejected: 2, accepted: 2, lines: 4 });
  });

  it('reads CRLF files, and a UTF-8 character split between reads', async () => {
    const dir = tempDir('follow');
    const next = sessionEvents('s-crlf');
    const text = `${JSON.stringify(next('text_complete', { text: 'naïve 😀 — ok' }))}\r\n${JSON.stringify(next('done'))}\r\n`;
    fs.writeFileSync(path.join(dir, 'a.jsonl'), text);
    // Tiny reads: the multi-byte characters land across read boundaries.
    const { store } = start(dir, { chunkBytes: 7 });
    await waitFor(() => store.seqs('s-crlf').length === 2, 'both lines');
    const stored = [...store.stored.values()].find((i) => i.event.seq === 1)!;
    expect(stored.event).toMatchObject({ type: 'text_complete', text: 'naïve 😀 — ok' });
  });

  it('rejects an over-long line by number without stopping the file', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    const next = sessionEvents('s-long');
    const lines = [next('token_usage'), next('text_complete', { text: 'x'.repeat(20_000) }), next('done')].map((e) => JSON.stringify(e));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { store, messages } = start(dir, { maxLineBytes: 1000, chunkBytes: 256 });
    await waitFor(() => store.seqs('s-long').includes(3), 'the line after the long one');
    expect(store.seqs('s-long')).toEqual([1, 3]);
    expect(messages().some((m) => m.startsWith(`${file}:2: line is`) && m.includes('longer than the 1000 bytes limit'))).toBe(true);
  });

  it('keeps its place while the store is down and loses nothing when it is back', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'a.jsonl');
    const lines = eventLines('s-down', 1, 10);
    fs.writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
    const { store, reports, follower } = start(dir, { maxBatchItems: 2 });
    await waitFor(() => store.seqs('s-down').length === 3, 'the first three');

    store.down = true;
    fs.appendFileSync(file, `${lines.slice(3, 7).join('\n')}\n`);
    await waitFor(() => reports.some((r) => r.kind === 'store-unavailable'), 'a refused batch');
    fs.appendFileSync(file, `${lines.slice(7).join('\n')}\n`);
    await waitFor(() => store.refused >= 2, 'a retry while still down');

    store.down = false;
    await waitFor(() => store.seqs('s-down').length === 10, 'everything after recovery');
    expect(store.seqs('s-down')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(store.duplicates).toBe(0);
    expect(store.batches.every((b) => b.length <= 2)).toBe(true);
    expect(follower.stats()).toMatchObject({ accepted: 10, duplicates: 0 });
    expect(follower.stats().storeFailures).toBeGreaterThanOrEqual(2);
  });

  it('notices changes by polling when fs.watch is unavailable', async () => {
    vi.spyOn(fs, 'watch').mockImplementation(() => {
      throw new Error('ENOSYS: watch not supported on this filesystem');
    });
    const dir = tempDir('follow');
    const { store, follower } = start(dir);
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, `${eventLines('s-poll', 1, 1)[0]}\n`);
    await waitFor(() => store.seqs('s-poll').length === 1, 'the first line');
    fs.appendFileSync(file, `${eventLines('s-poll', 2, 1)[0]}\n`);
    await waitFor(() => store.seqs('s-poll').length === 2, 'the appended line');
    expect(follower.stats().watching).toBe(false);
  });

  it('starts on a directory that does not exist yet', async () => {
    const dir = path.join(tempDir('follow'), 'later');
    const { store } = start(dir);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.jsonl'), `${eventLines('s-later', 1, 1)[0]}\n`);
    await waitFor(() => store.seqs('s-later').length === 1, 'the file in the new directory');
  });

  it('feeds the real pipeline and SQLite store, rejected lines in its counters', async () => {
    const dir = tempDir('follow');
    const store = await createSqliteStore({ path: path.join(dir, 'db', 'tether.db') });
    const { log } = capturingLogger();
    const pipeline = new IngestPipeline(store, () => undefined, log);
    const file = path.join(dir, 'a.jsonl');
    const lines = eventLines('s-real', 1, 3);
    fs.writeFileSync(file, `${lines[0]}\nnot json\n${lines[1]}\n${lines[2]}\n`);
    const follower = followJsonlDirectory({ dir, submit: (items) => pipeline.submit(items), countRejected: (n) => pipeline.countRejected(n), log, pollMs: 40 });
    followers.push(follower);
    try {
      await waitFor(() => pipeline.counters.accepted === 3, 'three accepted');
      expect(pipeline.counters).toMatchObject({ accepted: 3, duplicates: 0, rejected: 1 });
      expect(await store.headCursor()).toBe(3);
    } finally {
      await follower.stop();
      await pipeline.drain();
      await store.close();
    }
  });

  it('logs the first rejections of a file at warn, then quietly, counting them all', async () => {
    const dir = tempDir('follow');
    const file = path.join(dir, 'other-format.jsonl');
    fs.writeFileSync(file, `${Array.from({ length: 30 }, (_, i) => JSON.stringify({ event_id: `e-${i}`, kind: 'turn.started' })).join('\n')}\n`);
    const { messages, follower, countedRejected } = start(dir);
    await waitFor(() => follower.stats().rejected === 30, 'all 30 rejected');
    expect(messages().filter((m) => m.startsWith(`${file}:`) && /^.*:\d+: /.test(m))).toHaveLength(20);
    expect(messages()).toContain(`${file}: further rejected lines are logged at debug level (and counted)`);
    expect(countedRejected()).toBe(30);
  });
});

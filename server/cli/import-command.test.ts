import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionEventsQuerySchema } from '#protocol/api-queries';
import { createImportProgress } from '../ingest/files/import-progress';
import { removeTempDirs, tempDir } from '../test-support/follower-test-kit';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { sessionEvents } from '../test-support/event-factory';
import { formatImportSummary, runImport } from './import-command';

const log = pino({ level: 'silent' });
afterEach(removeTempDirs);

/** a.jsonl: 2 good, 1 bad, 1 blank, 1 unknown type, an unterminated last line. b.jsonl: CRLF. */
function writeFiles(dir: string) {
  const a = sessionEvents('imp-a');
  const aLines = [
    JSON.stringify(a('session_sync', { session: { id: 'imp-a', title: 'Imported' } })),
    JSON.stringify(a('token_usage')),
    JSON.stringify({ ...a('token_usage'), prompt_tokens: '1200' }),
    '',
    JSON.stringify({ session_id: 'imp-a', seq: 4, ts: 1_700_000_000_000, type: 'future_kind', detail: 1 }),
  ];
  const b = sessionEvents('imp-b');
  const aFile = path.join(dir, 'a.jsonl');
  const bFile = path.join(dir, 'b.jsonl');
  fs.writeFileSync(aFile, `${aLines.join('\n')}\n${JSON.stringify(sessionEvents('imp-a', 5)('done'))}`);
  fs.writeFileSync(bFile, `${[b('tool_call_start'), b('tool_call_complete'), b('done')].map((e) => JSON.stringify(e)).join('\r\n')}\r\n`);
  return { aFile, bFile };
}

describe('runImport', () => {
  it('loads files into SQLite, counting accepted, rejected (with file:line) and unknown types', async () => {
    const dir = tempDir('import');
    const dbPath = path.join(dir, 'db', 'tether.db');
    const { aFile, bFile } = writeFiles(dir);

    const summary = await runImport({ files: [aFile, bFile], dbPath, log, progress: false });

    expect(summary.files[0]).toMatchObject({ file: aFile, lines: 6, accepted: 4, duplicates: 0, rejected: 1, unknownTypes: 1, bytes: fs.statSync(aFile).size });
    expect(summary.files[0]!.rejections).toEqual([{ lineNumber: 3, reason: 'token_usage: field `prompt_tokens`: expected number, received string' }]);
    expect(summary.files[1]).toMatchObject({ file: bFile, lines: 3, accepted: 3, rejected: 0 });
    expect(summary.total).toMatchObject({ lines: 9, accepted: 7, duplicates: 0, rejected: 1, unknownTypes: 1 });
    expect(summary.eventsPerSecond).toBeGreaterThan(0);

    const store = await createSqliteStore({ path: dbPath });
    try {
      const page = await store.sessionEvents('imp-a', sessionEventsQuerySchema.parse({}));
      // session_sync is ephemeral and future_kind unknown: neither is stored.
      expect(page.events.map((e) => [e.event.seq, e.event.type])).toEqual([[2, 'token_usage'], [5, 'done']]);
      expect(await store.getSession('imp-a')).toMatchObject({ title: 'Imported', status: 'done' });
      expect((await store.sessionEvents('imp-b', sessionEventsQuerySchema.parse({}))).events).toHaveLength(3);
    } finally {
      await store.close();
    }

    const text = formatImportSummary(summary);
    expect(text).toContain(`${aFile}: 6 lines, 4 accepted, 0 duplicates, 1 rejected, 1 of unknown types`);
    expect(text).toContain(`  ${aFile}:3: token_usage: field \`prompt_tokens\`: expected number, received string`);
    expect(text).toContain('total (2 files): 9 lines, 7 accepted, 0 duplicates, 1 rejected, 1 of unknown types');
    expect(text).toMatch(/elapsed \d+\.\d\d s, \d+ events\/s/);
  });

  it('reports a second import of the same files as duplicates, storing nothing twice', async () => {
    const dir = tempDir('import');
    const dbPath = path.join(dir, 'tether.db');
    const { aFile, bFile } = writeFiles(dir);
    await runImport({ files: [aFile, bFile], dbPath, log, progress: false });
    const again = await runImport({ files: [aFile, bFile], dbPath, log, progress: false });
    expect(again.total).toMatchObject({ accepted: 0, duplicates: 7, rejected: 1 });
    const store = await createSqliteStore({ path: dbPath });
    try {
      expect(await store.headCursor()).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('stops before touching the database when a file cannot be read', async () => {
    const dir = tempDir('import');
    const dbPath = path.join(dir, 'tether.db');
    const { aFile } = writeFiles(dir);
    const missing = path.join(dir, 'missing.jsonl');
    await expect(runImport({ files: [aFile, missing], dbPath, log, progress: false })).rejects.toThrow(`cannot read ${missing}: no such file`);
    expect(fs.existsSync(dbPath)).toBe(false);
  });

  it('streams a file bigger than its read size, keeping only the first rejections', async () => {
    const dir = tempDir('import');
    const file = path.join(dir, 'big.jsonl');
    const next = sessionEvents('imp-big');
    const lines = Array.from({ length: 5000 }, (_, i) => (i % 100 === 99 ? '{"broken":' : JSON.stringify(next('token_usage'))));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const summary = await runImport({ files: [file], dbPath: path.join(dir, 'tether.db'), log, progress: false });
    expect(summary.total).toMatchObject({ lines: 5000, accepted: 4950, rejected: 50 });
    expect(summary.files[0]!.rejections).toHaveLength(20);
    expect(summary.files[0]!.rejections[0]!.lineNumber).toBe(100);
    expect(formatImportSummary(summary)).toContain('... and 30 more');
  });
});

describe('import progress', () => {
  it('writes plain lines, not a redrawn bar, when the stream is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const progress = createImportProgress({ enabled: true, totalBytes: 4 * 1024 * 1024, stream, plainIntervalMs: 0 });
    progress.update(1024 * 1024, 500, 'a.jsonl');
    progress.stop();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^import: 1\.0\/4\.0 MiB \(25%\), 500 events, \d+\/s, a\.jsonl\n$/);
  });
});

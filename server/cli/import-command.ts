import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { IngestItem } from '../ingest/ingest-item';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { IngestPipeline } from '../ingest/ingest-pipeline';
import { createImportProgress, type ImportProgress } from '../ingest/files/import-progress';
import { readJsonlFile } from '../ingest/files/jsonl-file-reader';
import { describeRejection, type LineRejection } from '../ingest/files/jsonl-line';

export interface ImportOptions {
  files: string[];
  dbPath: string;
  log: Logger;
  /** A bar on a terminal, plain lines otherwise; false: silent. */
  progress: boolean;
  /** Where progress goes; default process.stderr (stdout is kept for the summary). */
  progressStream?: NodeJS.WriteStream;
  maxLineBytes?: number;
}

export interface ImportCounts {
  /** Every line, blank ones included (what `wc -l` says, plus an unterminated last line). */
  lines: number;
  bytes: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Accepted events of a `type` this build does not know. */
  unknownTypes: number;
}

export interface ImportFileSummary extends ImportCounts {
  file: string;
  /** The first rejections, in line order (the rest are counted and logged). */
  rejections: LineRejection[];
  elapsedMs: number;
}

export interface ImportSummary {
  files: ImportFileSummary[];
  total: ImportCounts;
  elapsedMs: number;
  /** Accepted and duplicate events per second over the whole import. */
  eventsPerSecond: number;
}

export const REJECTIONS_KEPT_PER_FILE = 20;
/** Submits this big share one transaction each: large enough that commits do not dominate. */
const IMPORT_BATCH_ITEMS = 2000;

const emptyCounts = (): ImportCounts => ({ lines: 0, bytes: 0, accepted: 0, duplicates: 0, rejected: 0, unknownTypes: 0 });
const perSecond = (events: number, ms: number) => Math.round(events / Math.max(ms / 1000, 0.001));

/** Sizes of all files, checked before the database is touched: a typo stops the import with its name. */
async function sizesOf(files: readonly string[]): Promise<number[]> {
  return Promise.all(
    files.map(async (file) => {
      const stat = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      });
      if (!stat.isFile()) throw new Error(`cannot read ${file}: not a file`);
      return stat.size;
    }),
  );
}

/**
 * Loads JSONL event files into the store through the same parser and pipeline as
 * live ingest. Loading a file twice is harmless: its events come back as
 * duplicates. Throws (with what was committed kept) when the store refuses a batch.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const sizes = await sizesOf(options.files);
  const store = await createSqliteStore({ path: options.dbPath });
  // Nobody is listening live during an import: nothing to fan out.
  const pipeline = new IngestPipeline(store, () => undefined, options.log);
  const progress = createImportProgress({
    enabled: options.progress,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
    stream: options.progressStream ?? process.stderr,
  });
  const startedAt = performance.now();
  const files: ImportFileSummary[] = [];
  const done = { bytes: 0, events: 0 };
  try {
    for (const file of options.files) files.push(await importFile(file, pipeline, options, progress, done));
  } finally {
    progress.stop();
    await pipeline.drain();
    await store.close();
  }
  const total = emptyCounts();
  for (const summary of files) for (const key of Object.keys(total) as (keyof ImportCounts)[]) total[key] += summary[key];
  const elapsedMs = performance.now() - startedAt;
  return { files, total, elapsedMs, eventsPerSecond: perSecond(total.accepted + total.duplicates, elapsedMs) };
}

async function importFile(
  file: string,
  pipeline: IngestPipeline,
  options: ImportOptions,
  progress: ImportProgress,
  done: { bytes: number; events: number },
): Promise<ImportFileSummary> {
  const startedAt = performance.now();
  const summary: ImportFileSummary = { file, ...emptyCounts(), rejections: [], elapsedMs: 0 };
  let batch: IngestItem[] = [];
  let batchFirstLine = 0;

  const submitBatch = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    const outcomes = await pipeline.submit(items).catch((err: Error) => {
      throw new Error(`${file}:${batchFirstLine}: the store refused events (${err.message}); what was committed before is kept, and importing again is safe`);
    });
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'duplicate') summary.duplicates++;
      else {
        summary.accepted++;
        if (!items[i]!.known) summary.unknownTypes++;
      }
    });
    done.events += items.length;
  };

  for await (const chunk of readJsonlFile(file, { maxLineBytes: options.maxLineBytes })) {
    for (const line of chunk.lines) {
      if (line.kind === 'item') {
        if (batch.length === 0) batchFirstLine = line.lineNumber;
        batch.push(line.item);
        if (batch.length >= IMPORT_BATCH_ITEMS) await submitBatch();
        continue;
      }
      const rejection = { lineNumber: line.lineNumber, reason: line.reason };
      summary.rejected++;
      if (summary.rejections.length < REJECTIONS_KEPT_PER_FILE) summary.rejections.push(rejection);
      options.log.info({ file, line: line.lineNumber, reason: line.reason }, describeRejection(file, rejection));
    }
    summary.lines = chunk.lineCount;
    summary.bytes += chunk.bytes;
    done.bytes += chunk.bytes;
    progress.update(done.bytes, done.events, file);
  }
  await submitBatch();
  pipeline.countRejected(summary.rejected);
  summary.elapsedMs = performance.now() - startedAt;
  return summary;
}

function describeCounts(counts: ImportCounts): string {
  const parts = [`${counts.lines} lines`, `${counts.accepted} accepted`, `${counts.duplicates} duplicates`, `${counts.rejected} rejected`];
  if (counts.unknownTypes > 0) parts.push(`${counts.unknownTypes} of unknown types`);
  return parts.join(', ');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The summary as the CLI prints it: one line per file, the first rejections as `file:line: reason`, then the total. */
export function formatImportSummary(summary: ImportSummary, maxRejectionsShown = REJECTIONS_KEPT_PER_FILE): string {
  const out: string[] = [];
  for (const file of summary.files) out.push(`${file.file}: ${describeCounts(file)} (${seconds(file.elapsedMs)})`);

  const rejections = summary.files.flatMap((file) => file.rejections.map((r) => describeRejection(file.file, r)));
  if (rejections.length > 0) {
    out.push('', 'rejected lines:');
    for (const line of rejections.slice(0, maxRejectionsShown)) out.push(`  ${line}`);
    const unshown = summary.total.rejected - Math.min(rejections.length, maxRejectionsShown);
    if (unshown > 0) out.push(`  ... and ${unshown} more (each is logged at level info)`);
  }

  const fileCount = `${summary.files.length} file${summary.files.length === 1 ? '' : 's'}`;
  out.push('', `total (${fileCount}): ${describeCounts(summary.total)}`);
  out.push(`elapsed ${seconds(summary.elapsedMs)}, ${summary.eventsPerSecond} events/s`);
  return out.join('\n');
}

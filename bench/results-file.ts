import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `BENCH_RESULTS=<file>` writes elsewhere (a trial run that must not touch the recorded figures). */
export const resultsPath = process.env.BENCH_RESULTS ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');

/** Merges figures into bench/results.json (or BENCH_RESULTS), keeping figures other benchmarks wrote. */
export function writeResults(figures: Record<string, number>, meta: Record<string, unknown>): void {
  let existing: { figures?: Record<string, number>; meta?: Record<string, unknown> } = {};
  try {
    existing = JSON.parse(fs.readFileSync(resultsPath, 'utf8')) as typeof existing;
  } catch {
    // first run
  }
  const merged = { ...existing, ...figures };
  delete (merged as Record<string, unknown>).figures;
  delete (merged as Record<string, unknown>).meta;
  // Meta is merged too: the server and browser halves can run separately (BENCH_ONLY).
  fs.writeFileSync(resultsPath, `${JSON.stringify({ ...merged, meta: { ...existing.meta, ...meta, written_at: new Date().toISOString() } }, null, 2)}\n`);
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { IngestItem } from '../ingest/ingest-item';
import { applyConnectionPragmas, inMemoryPath } from '../store/sqlite/open-database';
import { eventsTableDdl } from '../store/migrations/sqlite-initial-schema';

/**
 * The speed limit of the real ingest path: the same rows into the same `events`
 * table (same indexes, same pragmas, same batching) with nothing else: a plain
 * prepared INSERT, no dedupe outcome, no typed rows, no summaries. Returns
 * events per second.
 *
 * Kept as anyone would first write it: one row per statement and SQLite's own
 * checkpointing (in the inserting thread, every 1000 WAL pages). The store may beat
 * that per row (multi-row statements), which is fair game; what must stay equal is
 * the work and the guarantees. Checkpointing from a background thread was measured
 * and is used by neither: it made this ceiling about 15% faster (its thread does
 * nothing but SQLite) and the real path no faster on two cores, where the cores,
 * not the event loop, were the limit.
 *
 * `filePath` must be a new database (or ':memory:'); every item is inserted, so
 * `items` must not repeat a `(session_id, seq)`.
 */
export function measureRawInsertCeiling(filePath: string, items: readonly IngestItem[], batchSize: number): number {
  if (filePath !== inMemoryPath && fs.existsSync(filePath)) {
    throw new Error(`raw insert ceiling needs a new database file, and ${filePath} exists`);
  }
  if (filePath !== inMemoryPath) fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const db = new Database(filePath);
  try {
    applyConnectionPragmas(db);
    db.exec(eventsTableDdl);
    const insert = db.prepare('INSERT INTO events (session_id, seq, ts_ms, type, json) VALUES (?, ?, ?, ?, ?)');
    const insertBatch = db.transaction((batch: readonly IngestItem[]) => {
      for (const item of batch) insert.run(item.event.session_id, item.event.seq, item.tsMs, item.event.type, item.json);
    });
    const started = process.hrtime.bigint();
    for (let start = 0; start < items.length; start += batchSize) insertBatch(items.slice(start, start + batchSize));
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return items.length / elapsedSeconds;
  } finally {
    db.close();
  }
}

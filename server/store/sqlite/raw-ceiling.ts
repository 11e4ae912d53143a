import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { IngestItem } from '../event-store';
import { applyConnectionPragmas, inMemoryPath } from './open-database';
import { eventsTableDdl } from './schema';

/**
 * The speed limit of the real ingest path: the same rows into the same `events`
 * table (same indexes, same pragmas, same batching) with nothing else: a plain
 * prepared INSERT, no dedupe outcome, no typed rows, no summaries. Returns
 * events per second.
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

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from './sqlite-migrator';

export const inMemoryPath = ':memory:';

/**
 * The connection settings every Tether Watch SQLite connection uses:
 * - WAL: readers never block the single writer;
 * - synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss,
 *   and an acknowledged event must survive a SIGKILL or a power cut;
 * - busy_timeout: wait for another connection (a CLI, a backup) instead of failing;
 * - foreign_keys off: the schema declares none, and checking costs ingest time.
 */
export function applyConnectionPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
}

/** Opens (creating the file and its parent directory when missing) and migrates a database. */
export async function openDatabase(filePath: string): Promise<Database.Database> {
  if (filePath !== inMemoryPath) fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const db = new Database(filePath);
  try {
    applyConnectionPragmas(db);
    await migrateSqlite(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

// One server per SQLite file (issue 13 item 7): each keeps its sessions' summaries in
// memory, so two writers would overwrite each other's counts. The lock is a kernel
// lock, SQLite's own on a small side database `<db>.lock`, held by an open write
// transaction for as long as the store is open: the kernel drops it when the process
// dies, even by SIGKILL, so a stale lock can never block a restart. The holder's pid
// sits in the same file (readable while the lock is held) to name it in the refusal.
// Never deleted: a new file would be a second, independent lock.

export interface DatabaseLock {
  release(): void;
}

interface Owner {
  pid: number;
  host: string;
  started_at: string;
}

export class DatabaseInUseError extends Error {
  constructor(databasePath: string, owner: Owner | null) {
    const who = owner === null ? 'another process' : `another Tether Watch process (pid ${owner.pid} on ${owner.host}, since ${owner.started_at})`;
    super(
      `the database ${databasePath} is in use by ${who}: stop that server first, or give this one its own file with TETHER_DB ` +
        '(several servers can share one store only through PostgreSQL, DATABASE_URL)',
    );
    this.name = 'DatabaseInUseError';
  }
}

const isBusy = (err: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown }).code));

/** Takes the lock of the database at `databasePath`, or throws DatabaseInUseError naming its holder. */
export function lockDatabase(databasePath: string): DatabaseLock {
  const lockPath = `${path.resolve(databasePath)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const db = new Database(lockPath);
  try {
    // Waiting cannot help: the holder keeps the lock until it stops.
    db.pragma('busy_timeout = 0');
    db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)');
    db.exec('BEGIN IMMEDIATE');
    db.exec('DELETE FROM owner');
    db.prepare('INSERT INTO owner (pid, host, started_at) VALUES (?, ?, ?)').run(process.pid, os.hostname(), new Date().toISOString());
    db.exec('COMMIT');
    // Another process may take the lock in the moment between COMMIT and here: then it holds it, and this one refuses.
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    if (!isBusy(err)) {
      db.close();
      throw err;
    }
    const owner = readOwner(db);
    db.close();
    throw new DatabaseInUseError(databasePath, owner);
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

function readOwner(db: Database.Database): Owner | null {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('busy_timeout = 1000');
    return (db.prepare('SELECT pid, host, started_at FROM owner').get() as Owner | undefined) ?? null;
  } catch {
    return null;
  }
}

import fs from 'node:fs';
import type { StoreState } from '#protocol/health-schemas';

// Issue 13 item 6: after `rm` of the database file, SQLite goes on writing into the
// unlinked inode: every event acknowledged since would be gone at the next start.
// The file's identity (device and inode) is taken when the store opens and compared
// at every ingest (before and after its commit) and every few seconds: a file that
// vanished or was replaced makes the store refuse ingest as retryable, and health
// says why, until the server restarts on a real file.

const writable: StoreState = Object.freeze({ writable: true, problem: null });

/** How often the file is checked between ingests, so health reports it while nobody writes. */
export const fileCheckIntervalMs = 2_000;

export class DatabaseFileWatch {
  private readonly dev: number;
  private readonly ino: number;
  private current: StoreState = writable;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly filePath: string) {
    const stat = fs.statSync(filePath);
    this.dev = stat.dev;
    this.ino = stat.ino;
    this.timer = setInterval(() => this.check(), fileCheckIntervalMs);
    this.timer.unref();
  }

  state(): StoreState {
    return this.current;
  }

  /** Looks at the file again; once lost, it stays lost (the open connection still writes the old inode). */
  check(): StoreState {
    if (!this.current.writable) return this.current;
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(this.filePath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return this.current;
    }
    if (stat === null) this.current = lost(this.filePath, 'was deleted');
    else if (stat.dev !== this.dev || stat.ino !== this.ino) this.current = lost(this.filePath, 'was replaced by another file');
    return this.current;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function lost(filePath: string, what: string): StoreState {
  return Object.freeze({
    writable: false,
    problem:
      `the database file ${filePath} ${what} while the server was running: new events are refused (retryable) ` +
      'so none is acknowledged into a file that is gone; restart the server to open a database file again',
  });
}

/** The error an ingest fails with while the file is lost: retryable, since a restart cures it. */
export class DatabaseFileLostError extends Error {
  readonly code = 'TETHER_DB_FILE_LOST';
  constructor(state: StoreState) {
    super(state.problem ?? 'the database file is gone');
    this.name = 'DatabaseFileLostError';
  }
}

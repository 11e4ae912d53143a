import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { sessionIdSchema } from '#protocol/envelope';
import { isSessionFileName } from './session-file-names';
import { readSessionFile, type SessionFileSummary, type SessionUsage } from './session-file-reader';
import { sendSessionSync, type SessionSyncSenderOptions, type SyncOutcome } from './session-sync-sender';
import { syncedSession } from './session-sync-mapping';

export interface SessionFileWatcherOptions extends SessionSyncSenderOptions {
  /** `<data_dir>/sessions`. */
  sessionsDir: string;
  /** Ids of the sessions that have a thread log: only those are shown (see the mapping doc). */
  threadLogIds: () => Promise<ReadonlySet<string>>;
  log: Logger;
  /** How often the directory is listed and each file's size and mtime compared; default 1000. */
  pollMs?: number;
  /** Least time between two full scans (for `usage`, after the messages) of one file; default 10 s. */
  usageIntervalMs?: number;
}

export interface SessionFileWatcherStats {
  files: number;
  syncs: number;
  headReads: number;
  usageScans: number;
  unreadable: number;
}

export interface SessionFileWatcher {
  stop(): Promise<void>;
  stats(): SessionFileWatcherStats;
}

interface FileState {
  /** `size:mtime` of the version whose head was read. */
  headStamp: string | null;
  usageStamp: string | null;
  usageScannedAt: number;
  mtimeMs: number;
  summary: SessionFileSummary | null;
  usage: SessionUsage | null;
  /** The session object last applied, so an unchanged summary is not sent again. */
  synced: string | null;
  warned: string | null;
}

const stampOf = (stat: { size: number; mtimeMs: number }) => `${stat.size}:${stat.mtimeMs}`;

/**
 * Follows `<data_dir>/sessions/*.json` by polling size and mtime (the agent
 * rewrites the whole file on every save). A changed file's head, up to where
 * `messages` starts, is read at once; `usage`, which comes after the messages,
 * needs a scan of the whole file, so it is re-read at most every
 * `usageIntervalMs` per file (and once more after the last change). Each new
 * summary goes out as a session_sync.
 */
export function watchSessionFiles(options: SessionFileWatcherOptions): SessionFileWatcher {
  const { sessionsDir, log } = options;
  const usageIntervalMs = options.usageIntervalMs ?? 10_000;
  const files = new Map<string, FileState>();
  const stats: SessionFileWatcherStats = { files: 0, syncs: 0, headReads: 0, usageScans: 0, unreadable: 0 };
  let missingLogged = false;
  let storeDownLogged = false;
  let stopped = false;

  const warnOnce = (state: FileState, file: string, stamp: string, message: string) => {
    if (state.warned === stamp) return;
    state.warned = stamp;
    stats.unreadable++;
    log.warn({ file }, `${file}: ${message}`);
  };

  async function refresh(name: string, state: FileState): Promise<void> {
    const file = path.join(sessionsDir, name);
    const stat = await fs.stat(file);
    const stamp = stampOf(stat);
    state.mtimeMs = stat.mtimeMs;
    if (state.headStamp !== stamp) {
      stats.headReads++;
      const head = await readSessionFile(file, { upToMessages: true });
      if (head.status === 'error') return warnOnce(state, file, stamp, `not a session file (${head.problems.join('; ')})`);
      // Ended before `messages`: caught mid-rewrite (or empty so far); read again at the next poll.
      if (head.status === 'truncated') return;
      state.headStamp = stamp;
      state.summary = head.summary;
      if (head.summary.usage !== null) {
        state.usage = head.summary.usage;
        state.usageStamp = stamp;
      }
    }
    if (state.usageStamp !== stamp && Date.now() - state.usageScannedAt >= usageIntervalMs) {
      stats.usageScans++;
      state.usageScannedAt = Date.now();
      const full = await readSessionFile(file, { upToMessages: false, chunkBytes: 256 * 1024 });
      if (full.summary.usage !== null) state.usage = full.summary.usage;
      if (full.status !== 'truncated') state.usageStamp = stamp;
    }
  }

  async function sync(name: string, state: FileState, withThreadLogs: ReadonlySet<string>): Promise<void> {
    if (state.summary === null) return;
    const candidate = state.summary.id ?? path.basename(name, '.json');
    const id = sessionIdSchema.safeParse(candidate);
    if (!id.success || !withThreadLogs.has(id.data)) return;
    const summary = { ...state.summary, usage: state.usage };
    const session = JSON.stringify(syncedSession(id.data, summary));
    if (session === state.synced) return;
    let outcome: SyncOutcome;
    try {
      outcome = await sendSessionSync(id.data, summary, state.mtimeMs, options);
      storeDownLogged = false;
    } catch (err) {
      if (!storeDownLogged) log.warn({ err }, 'store refused a session_sync; trying again at the next poll');
      storeDownLogged = true;
      return;
    }
    if (outcome.kind === 'applied') {
      state.synced = session;
      stats.syncs++;
    } else if (outcome.kind === 'invalid') {
      state.synced = session;
      log.warn({ file: path.join(sessionsDir, name) }, `${path.join(sessionsDir, name)}: summary not usable: ${outcome.error}`);
    }
    // Stale (overtaken every time): tried again at the next poll.
  }

  async function pass(): Promise<void> {
    let names: string[];
    try {
      names = (await fs.readdir(sessionsDir)).filter(isSessionFileName);
      missingLogged = false;
    } catch (err) {
      if (!missingLogged) log.warn({ err, dir: sessionsDir }, `${sessionsDir}: cannot list it; will look again`);
      missingLogged = true;
      return;
    }
    const present = new Set(names);
    for (const name of files.keys()) if (!present.has(name)) files.delete(name);
    const withThreadLogs = await options.threadLogIds();
    for (const name of names) {
      if (stopped) return;
      let state = files.get(name);
      if (!state) {
        state = { headStamp: null, usageStamp: null, usageScannedAt: 0, mtimeMs: 0, summary: null, usage: null, synced: null, warned: null };
        files.set(name, state);
      }
      try {
        await refresh(name, state);
        await sync(name, state, withThreadLogs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Removed between listing and reading: the next listing forgets it.
        if (code !== 'ENOENT') warnOnce(state, path.join(sessionsDir, name), String(code), `cannot read it: ${(err as Error).message}`);
      }
    }
    stats.files = files.size;
  }

  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || stopped) return;
    running = pass()
      .catch((err: unknown) => log.error({ err }, 'following session files failed'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, options.pollMs ?? 1000);
  timer.unref();
  tick();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    stats: () => ({ ...stats }),
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { describeRejection, type LineTransform } from './jsonl-line';
import { DEFAULT_MAX_LINE_BYTES } from './line-splitter';
import { FollowedFile, type CommittedStretch, type RestartReason, type SubmitItems } from './followed-file';
import { FollowerScheduler, type CatchUpVerdict } from './follower-scheduler';

export interface FollowJsonlOptions {
  dir: string;
  /** The pipeline's submit: resolves once the batch is committed, rejects when the store refused it. */
  submit: SubmitItems;
  /** The pipeline's countRejected, so refused lines show in the ingest counters. */
  countRejected?: (n: number) => void;
  log: Logger;
  /** How often the directory is rescanned and every file checked (fs.watch can miss changes); default 1000. */
  pollMs?: number;
  /** Hears every committed stretch, restart and forgotten file (tests, status displays). */
  onReport?: (report: FollowReport) => void;
  maxLineBytes?: number;
  /** Read size; default 256 KiB. */
  chunkBytes?: number;
  /** Events per submit at most; default 1000. */
  maxBatchItems?: number;
  /** Reads the files as another JSONL format (an adapter) instead of protocol events; default: protocol events. */
  transformLine?: LineTransform;
}

export type FollowReport =
  | ({ kind: 'committed'; file: string } & CommittedStretch)
  | { kind: 'restarted'; file: string; reason: RestartReason }
  | { kind: 'forgotten'; file: string }
  | { kind: 'store-unavailable'; error: string; retryInMs: number };

export interface FollowerStats {
  files: number;
  /** Whether fs.watch is working; without it changes are noticed at the next poll. */
  watching: boolean;
  lines: number;
  accepted: number;
  duplicates: number;
  unknownTypes: number;
  rejected: number;
  restarts: number;
  storeFailures: number;
}

export interface JsonlFollower {
  /** Stops watching and polling, after the pass under way (if any) has finished. */
  stop(): Promise<void>;
  stats(): FollowerStats;
}

const isJsonlName = (name: string) => name.endsWith('.jsonl');
const MAX_RETRY_MS = 30_000;
const WARNED_REJECTIONS_PER_FILE = 20;

/**
 * Follows every `*.jsonl` file in `dir`, present or added later, like `tail -F`:
 * appended complete lines are parsed and submitted, refused ones logged as
 * `file:line: reason` and counted. Only the read offsets are kept in memory, so
 * a restart re-reads the files, which costs time but never data: the store
 * reports the events it already has as duplicates.
 */
export function followJsonlDirectory(options: FollowJsonlOptions): JsonlFollower {
  const { dir, submit, log } = options;
  const pollMs = options.pollMs ?? 1000;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const readBuffer = Buffer.allocUnsafe(options.chunkBytes ?? 256 * 1024);
  const files = new Map<string, FollowedFile>();
  const stats: FollowerStats = { files: 0, watching: false, lines: 0, accepted: 0, duplicates: 0, unknownTypes: 0, rejected: 0, restarts: 0, storeFailures: 0 };
  const unreadable = new Set<string>();
  const rejectionsLogged = new Map<string, number>();
  let watcher: fs.FSWatcher | null = null;
  let dirMissingLogged = false;
  let retryDelayMs = 0;

  const report = (r: FollowReport) => {
    try {
      options.onReport?.(r);
    } catch (err) {
      log.error({ err }, 'onReport failed');
    }
  };
  const displayPath = (name: string) => path.join(dir, name);

  function onCommitted(name: string, stretch: CommittedStretch): void {
    const file = displayPath(name);
    for (const rejection of stretch.rejections) {
      // A file of some other format would otherwise log every line it gains at warn, forever.
      const logged = (rejectionsLogged.get(name) ?? 0) + 1;
      rejectionsLogged.set(name, logged);
      const level = logged <= WARNED_REJECTIONS_PER_FILE ? 'warn' : 'debug';
      log[level]({ file, line: rejection.lineNumber, reason: rejection.reason }, describeRejection(file, rejection));
      if (logged === WARNED_REJECTIONS_PER_FILE) log.warn({ file }, `${file}: further rejected lines are logged at debug level (and counted)`);
    }
    if (stretch.rejections.length > 0) options.countRejected?.(stretch.rejections.length);
    if (stretch.accepted + stretch.duplicates > 0 && retryDelayMs > 0) {
      // Only a committed batch proves the store is back; a pass with nothing to submit proves nothing.
      log.info('store accepts events again; catching up');
      retryDelayMs = 0;
    }
    stats.lines += stretch.accepted + stretch.duplicates + stretch.rejections.length;
    stats.accepted += stretch.accepted;
    stats.duplicates += stretch.duplicates;
    stats.unknownTypes += stretch.unknownTypes;
    stats.rejected += stretch.rejections.length;
    report({ kind: 'committed', file, ...stretch });
  }

  function follow(name: string): FollowedFile {
    let file = files.get(name);
    if (!file) {
      file = new FollowedFile({
        path: displayPath(name),
        submit,
        maxLineBytes,
        maxBatchItems: options.maxBatchItems ?? 1000,
        transformLine: options.transformLine,
        maxBytesPerPass: 16 * readBuffer.length,
        onCommitted: (stretch) => onCommitted(name, stretch),
        onRestart: (reason) => {
          stats.restarts++;
          log.info({ file: displayPath(name), reason }, `${displayPath(name)}: ${reason}, reading it again from the start`);
          report({ kind: 'restarted', file: displayPath(name), reason });
        },
      });
      files.set(name, file);
      log.debug({ file: displayPath(name) }, 'following');
    }
    return file;
  }

  function forget(name: string): void {
    if (!files.delete(name)) return;
    unreadable.delete(name);
    rejectionsLogged.delete(name);
    log.info({ file: displayPath(name) }, `${displayPath(name)}: gone, no longer followed`);
    report({ kind: 'forgotten', file: displayPath(name) });
  }

  /** One catch-up of one file, told to the scheduler: `store-down` makes it pause and retry. */
  async function catchUp(name: string): Promise<CatchUpVerdict> {
    const file = files.get(name);
    if (!file) return 'done';
    const result = await file.catchUp(readBuffer);
    switch (result.kind) {
      case 'caught-up':
      case 'more':
        unreadable.delete(name);
        return result.kind === 'more' ? 'more' : 'done';
      case 'gone':
        forget(name);
        return 'done';
      case 'unreadable':
        // Logged once, not at every poll; the poll keeps trying (permissions may be fixed).
        if (!unreadable.has(name)) log.warn({ file: displayPath(name), err: result.error }, `${displayPath(name)}: cannot read it`);
        unreadable.add(name);
        return 'done';
      case 'store-unavailable':
        stats.storeFailures++;
        retryDelayMs = Math.min(retryDelayMs === 0 ? pollMs : retryDelayMs * 2, MAX_RETRY_MS);
        log.warn({ err: result.error, retryInMs: retryDelayMs }, 'store refused events from watched files; retrying from the same offsets');
        report({ kind: 'store-unavailable', error: result.error.message, retryInMs: retryDelayMs });
        return 'store-down';
    }
  }

  const scheduler = new FollowerScheduler({ catchUp, retryDelayMs: () => retryDelayMs, log });

  async function scan(): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (!dirMissingLogged) log.warn({ err, dir }, `${dir}: cannot list it; will look again`);
      dirMissingLogged = true;
      return;
    }
    dirMissingLogged = false;
    ensureWatcher();
    const present = new Set(entries.filter((e) => isJsonlName(e.name) && (e.isFile() || e.isSymbolicLink())).map((e) => e.name));
    // Deleting from a Map while iterating it is well-defined in JavaScript.
    for (const name of files.keys()) if (!present.has(name)) forget(name);
    for (const name of present) follow(name);
    scheduler.markDirty(present);
  }

  function ensureWatcher(): void {
    if (watcher || scheduler.stopped) return;
    try {
      watcher = fs.watch(dir, { persistent: false }, (_event, filename) => {
        if (typeof filename !== 'string') void scan();
        else if (!isJsonlName(filename)) return;
        else if (files.has(filename)) scheduler.markDirty([filename]);
        else void scan();
      });
      watcher.on('error', (err) => {
        // E.g. the directory was removed; polling carries on and watches again when it is back.
        log.debug({ err }, 'fs.watch failed; relying on polling');
        watcher?.close();
        watcher = null;
        stats.watching = false;
      });
      stats.watching = true;
    } catch (err) {
      log.debug({ err }, 'fs.watch unavailable; relying on polling');
    }
  }

  const pollTimer = setInterval(() => void scan(), pollMs);
  pollTimer.unref();
  void scan();

  return {
    async stop() {
      clearInterval(pollTimer);
      watcher?.close();
      watcher = null;
      stats.watching = false;
      await scheduler.stop();
    },
    stats: () => ({ ...stats, files: files.size }),
  };
}

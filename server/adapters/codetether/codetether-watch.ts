import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { SubmitItems } from '../../ingest/files/followed-file';
import { followJsonlDirectory, type FollowerStats, type FollowReport } from '../../ingest/files/jsonl-follower';
import { watchSessionFiles, type SessionFileWatcherStats } from './session-file-watcher';
import { createThreadLogTransform } from './thread-log-transform';

export interface CodetetherWatchOptions {
  /** The agent's data directory: `threads/` and `sessions/` are read below it. */
  dataDir: string;
  /** The pipeline's submit. */
  submit: SubmitItems;
  /** The pipeline's countRejected: refused thread-log lines show in the ingest counters. */
  countRejected?: (n: number) => void;
  /** The highest seq the store has settled for a session (0 when unknown): session_syncs go after it. */
  lastSeqOf: (sessionId: string) => Promise<number>;
  log: Logger;
  pollMs?: number;
  usageIntervalMs?: number;
  /** Hears the thread-log follower's reports (tests, status displays). */
  onReport?: (report: FollowReport) => void;
}

export interface CodetetherWatchStats {
  threadLogs: FollowerStats;
  sessionFiles: SessionFileWatcherStats;
  /** Thread-log lines of kinds the mapping does not know (skipped). */
  unmappedLines: number;
}

export interface CodetetherWatch {
  stop(): Promise<void>;
  stats(): CodetetherWatchStats;
}

const THREAD_LOG_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The session ids that have a thread log: the `.jsonl` names in `threads/`. */
async function threadLogIdsIn(threadsDir: string): Promise<ReadonlySet<string>> {
  const names = await fs.readdir(threadsDir).catch(() => [] as string[]);
  return new Set(names.filter((n) => n.endsWith('.jsonl')).map((n) => path.basename(n, '.jsonl')));
}

/**
 * Watches a codetether-agent data directory as the agent writes it: the thread
 * logs through the JSONL follower (with the thread-log adapter as its line
 * transform), and the session files for titles, agents, models and usage.
 */
export function watchCodetetherDir(options: CodetetherWatchOptions): CodetetherWatch {
  const threadsDir = path.join(options.dataDir, 'threads');
  const log = options.log;
  let unmappedLines = 0;
  const unmappedKindsLogged = new Set<string>();
  const transform = createThreadLogTransform({
    onUnknownKind: (kind, file, lineNumber) => {
      unmappedLines++;
      if (unmappedKindsLogged.has(kind)) return;
      unmappedKindsLogged.add(kind);
      log.info({ file, line: lineNumber, kind }, `${file}:${lineNumber}: thread-log kind "${kind}" is not mapped to a protocol event; lines of this kind are skipped`);
    },
  });
  const follower = followJsonlDirectory({
    dir: threadsDir,
    submit: options.submit,
    countRejected: options.countRejected,
    log: log.child({ source: 'codetether-threads' }),
    pollMs: options.pollMs,
    // A tool's whole output or an answer's cumulative text sits on one line: allow more than protocol events need.
    maxLineBytes: THREAD_LOG_MAX_LINE_BYTES,
    transformLine: transform,
    onReport: (report) => {
      if (report.kind === 'forgotten') transform.forget(report.file);
      options.onReport?.(report);
    },
  });
  const sessions = watchSessionFiles({
    sessionsDir: path.join(options.dataDir, 'sessions'),
    threadLogIds: () => threadLogIdsIn(threadsDir),
    submit: options.submit,
    lastSeqOf: options.lastSeqOf,
    log: log.child({ source: 'codetether-sessions' }),
    pollMs: options.pollMs,
    usageIntervalMs: options.usageIntervalMs,
  });
  return {
    async stop() {
      await Promise.all([follower.stop(), sessions.stop()]);
    },
    stats: () => ({ threadLogs: follower.stats(), sessionFiles: sessions.stats(), unmappedLines }),
  };
}

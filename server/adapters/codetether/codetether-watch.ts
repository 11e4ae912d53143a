import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { SubmitItems } from '../../ingest/files/followed-file';
import { followJsonlDirectory, type FollowerStats, type FollowReport } from '../../ingest/files/jsonl-follower';
import { ApprovalCorrelator } from './approval-correlator';
import { createApprovalsTransform } from './approvals-log';
import { dataDirsOf, readSessionLocations } from './session-locations';
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
  /**
   * Where the agent's `session-locations/` pointers are (data-dir.ts
   * sessionLocationsRoot): the data directories of other worktrees they lead
   * to are followed too. None: only `dataDir`.
   */
  locationsRoot?: string;
  /** Shared by every followed data directory: a decision may sit in another one's approvals.jsonl. */
  approvals?: ApprovalCorrelator;
}

export interface CodetetherWatchStats {
  threadLogs: FollowerStats;
  /** `approvals/approvals.jsonl`: decisions shown in the sessions that asked. */
  approvals: FollowerStats;
  sessionFiles: SessionFileWatcherStats;
  /** Thread-log lines of kinds the mapping does not know (skipped). */
  unmappedLines: number;
  /** Data directories of other worktrees followed through session-locations/. */
  otherDataDirs: string[];
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
 * transform), the approval store for decisions, and the session files for
 * titles, agents, models and usage.
 */
export function watchCodetetherDir(options: CodetetherWatchOptions): CodetetherWatch {
  const threadsDir = path.join(options.dataDir, 'threads');
  const log = options.log;
  let unmappedLines = 0;
  const unmappedKindsLogged = new Set<string>();
  const approvals = options.approvals ?? new ApprovalCorrelator();
  const transform = createThreadLogTransform({
    approvals,
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
  const approvalsFollower = followJsonlDirectory({
    dir: path.join(options.dataDir, 'approvals'),
    submit: options.submit,
    countRejected: options.countRejected,
    log: log.child({ source: 'codetether-approvals' }),
    pollMs: options.pollMs,
    transformLine: createApprovalsTransform(approvals),
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
  const others = options.locationsRoot === undefined ? null : followLocatedDataDirs(options, options.locationsRoot, approvals);
  return {
    async stop() {
      await Promise.all([follower.stop(), approvalsFollower.stop(), sessions.stop(), others?.stop()]);
    },
    stats: () => ({ threadLogs: follower.stats(), approvals: approvalsFollower.stats(), sessionFiles: sessions.stats(), unmappedLines, otherDataDirs: others?.dirs() ?? [] }),
  };
}

/** Other worktrees' data directories followed at most: each costs a few pollers. */
const MAX_OTHER_DATA_DIRS = 32;

/**
 * Follows the data directories that `session-locations/` pointers lead to
 * (sessions moved to another worktree), each as one more watchCodetetherDir,
 * looking for new ones every few polls.
 */
function followLocatedDataDirs(options: CodetetherWatchOptions, locationsRoot: string, approvals: ApprovalCorrelator) {
  const watches = new Map<string, CodetetherWatch>();
  const own = path.resolve(options.dataDir);
  let stopped = false;
  let running: Promise<void> | null = null;
  const look = async () => {
    for (const dir of dataDirsOf(await readSessionLocations(locationsRoot))) {
      if (stopped || watches.size >= MAX_OTHER_DATA_DIRS) return;
      if (dir === own || watches.has(dir)) continue;
      options.log.info({ dir }, `following ${dir} too: a session-locations pointer leads there`);
      watches.set(dir, watchCodetetherDir({ ...options, dataDir: dir, locationsRoot: undefined, approvals }));
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = look()
      .catch((err: unknown) => options.log.warn({ err }, 'reading session-locations failed'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, (options.pollMs ?? 1000) * 5);
  timer.unref();
  tick();
  return {
    dirs: () => [...watches.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...watches.values()].map((w) => w.stop()));
    },
  };
}

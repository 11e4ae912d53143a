import type { DemoTask } from './demo-tasks';
import type { Random } from './random';
import { buildRun, diffHunk, fileExcerpt, grepHits, installCommand, sourceGlob, testRun } from './tool-outputs';

/** One tool call decided in advance: what it is called with, how long it runs, what it prints and returns. */
export interface PlannedToolCall {
  name: string;
  args: Record<string, unknown>;
  /** What the agent's preamble names (a file, a command, a URL). */
  target: string;
  durationMs: number;
  success: boolean;
  /** Printed while running (bash streams its output). */
  streamed: { stream: 'stdout' | 'stderr'; chunk: string }[];
  output: string;
  /** Tokens the result adds to the context; real outputs are far longer than the excerpt kept in `output`. */
  outputTokens: number;
  metadata?: Record<string, unknown>;
  approval?: { action: string; resource: string; reason: string; amendment?: string[] };
  /** Tools that call a model themselves (summarising a page, running a sub-agent) report tool_embedded usage. */
  callsModel: boolean;
}

export type ToolName = 'read' | 'grep' | 'glob' | 'bash' | 'edit' | 'webfetch' | 'task';

/** How often each agent reaches for each tool. */
const toolWeights: Record<string, readonly (readonly [ToolName, number])[]> = {
  build: [['read', 5], ['grep', 3], ['glob', 1], ['bash', 4], ['edit', 4], ['webfetch', 1], ['task', 0.6]],
  plan: [['read', 6], ['grep', 4], ['glob', 2], ['bash', 1], ['webfetch', 2], ['task', 1.2]],
  review: [['read', 6], ['grep', 3], ['glob', 1], ['bash', 2], ['webfetch', 1], ['task', 0.6]],
};

/**
 * The next tool call. `progress` (0 at the start, 1 at the target duration)
 * makes tests fail early and pass late, as when an agent is getting somewhere.
 */
export function planToolCall(rng: Random, task: DemoTask, agent: string, progress: number): PlannedToolCall {
  const name = rng.weighted(toolWeights[agent] ?? toolWeights.build!);
  const file = rng.pick(task.files);
  const base = { name, success: true, streamed: [], callsModel: false };
  switch (name) {
    case 'read': {
      const missing = rng.chance(0.04);
      const { text, totalLines } = fileExcerpt(rng, task, file);
      return {
        ...base,
        args: { filePath: file, ...(rng.chance(0.3) ? { offset: rng.int(1, 200), limit: 200 } : {}) },
        target: file,
        durationMs: rng.int(8, 90),
        success: !missing,
        output: missing ? `Error: File not found: ${file}` : text,
        outputTokens: missing ? 20 : Math.round(totalLines * rng.float(9, 14)),
      };
    }
    case 'grep': {
      const hits = rng.int(2, 14);
      return {
        ...base,
        args: { pattern: task.searchPattern, path: file.split('/')[0], include: sourceGlob(task) },
        target: task.searchPattern,
        durationMs: rng.int(40, 700),
        output: grepHits(rng, task, hits),
        outputTokens: hits * rng.int(40, 380),
      };
    }
    case 'glob': {
      const files = [...task.files, `${file.split('/').slice(0, -1).join('/') || '.'}/README.md`];
      return {
        ...base,
        args: { pattern: `${file.split('/')[0]}/**/*` },
        target: file,
        durationMs: rng.int(10, 160),
        output: files.join('\n'),
        outputTokens: files.length * 12,
      };
    }
    case 'bash':
      return planBash(rng, task, progress);
    case 'edit': {
      const stale = rng.chance(0.08);
      const hunk = diffHunk(rng, task, file);
      return {
        ...base,
        args: { filePath: file, oldString: task.searchPattern, newString: `${task.searchPattern} /* ${task.change.slice(0, 30)} */` },
        target: file,
        durationMs: rng.int(30, 250),
        success: !stale,
        output: stale ? 'Error: oldString not found in content; re-read the file before editing' : `Edit applied successfully to ${file}.`,
        outputTokens: stale ? 30 : hunk.additions * 14 + 60,
        metadata: { filediff: { file, additions: hunk.additions, deletions: hunk.deletions }, diff: hunk.diff, diagnostics: [] },
        ...(file.includes('.github') || rng.chance(0.08)
          ? { approval: { action: 'write', resource: file, reason: 'edit touches a file outside the allowed write paths' } }
          : {}),
      };
    }
    case 'webfetch': {
      const ok = rng.chance(0.92);
      return {
        ...base,
        args: { url: task.docsUrl, format: 'markdown' },
        target: task.docsUrl,
        durationMs: rng.int(700, 6500),
        success: ok,
        output: ok ? `# ${task.docsUrl.split('/').slice(2, 3)[0]}\n\n${task.finding}... (page summarised, ${rng.int(3, 40)} KB)` : 'Error: request timed out after 30s',
        outputTokens: ok ? rng.int(3000, 16_000) : 25,
        metadata: { status: ok ? 200 : 504, content_type: 'text/html; charset=utf-8', bytes: rng.int(8_000, 240_000) },
        callsModel: ok,
      };
    }
    case 'task':
      return {
        ...base,
        args: { description: `Find every caller of ${task.searchPattern}`, prompt: `List each call site of ${task.searchPattern} with its file and line, and say which ones pass user input.`, subagent_type: 'explore' },
        target: task.searchPattern,
        durationMs: rng.int(10_000, 32_000),
        output: `Found ${rng.int(3, 12)} call sites of \`${task.searchPattern}\`; ${rng.int(1, 3)} take user input (${task.files[0]}, ${task.files[1] ?? task.files[0]}).`,
        outputTokens: rng.int(400, 2400),
        callsModel: true,
      };
  }
}

function planBash(rng: Random, task: DemoTask, progress: number): PlannedToolCall {
  const kind = rng.weighted([['test', 5], ['build', 2], ['git', 2], ['install', 0.7], ['log', 0.6]] as const);
  const base = { name: 'bash', streamed: [] as PlannedToolCall['streamed'], callsModel: false };
  const command = {
    test: task.testCommand,
    build: task.buildCommand,
    git: rng.pick(['git status --short', 'git diff --stat', 'git log --oneline -5']),
    install: installCommand(rng, task),
    log: 'tail -n 400 logs/server.log',
  }[kind];
  const description = { test: 'Run the tests', build: 'Build the project', git: 'Check the working tree', install: 'Install a dependency', log: 'Read the recent server log' }[kind];
  const args = { command, description, timeout: 120_000 };
  if (kind === 'test' || kind === 'build') {
    const pass = rng.chance(0.35 + 0.6 * progress);
    const run = kind === 'test' ? testRun(rng, task, pass) : buildRun(rng, task, pass);
    // Some runs are long enough for heartbeats; most finish within seconds.
    const durationMs = rng.chance(0.15) ? rng.int(11_000, 45_000) : rng.int(1_500, 9_000);
    return {
      ...base,
      args,
      target: command,
      durationMs,
      success: run.success,
      streamed: run.lines,
      output: run.lines.map((l) => l.chunk).join(''),
      outputTokens: run.lines.length * rng.int(30, 220),
      metadata: { exit_code: run.success ? 0 : 1, cwd: '/repo', truncated: false },
    };
  }
  const lines = kind === 'git' ? [' M ' + task.files[0], ' M ' + (task.files[1] ?? task.files[0])] : kind === 'install' ? ['added 3 packages, changed 1 package in 4s'] : ['2026-11-24T12:59:58.114Z ERROR request failed status=500', '2026-11-24T12:59:58.640Z WARN retrying request attempt=2'];
  return {
    ...base,
    args,
    target: command,
    durationMs: kind === 'install' ? rng.int(4_000, 16_000) : rng.int(60, 900),
    success: true,
    streamed: lines.map((chunk) => ({ stream: 'stdout' as const, chunk: `${chunk}\n` })),
    output: `${lines.join('\n')}\n`,
    outputTokens: kind === 'log' ? rng.int(6_000, 14_000) : lines.length * 20,
    metadata: { exit_code: 0, cwd: '/repo', truncated: kind === 'log' },
    ...(kind === 'install'
      ? { approval: { action: 'execute', resource: command, reason: 'command needs network access', amendment: command.split(' ').slice(0, 2) } }
      : {}),
  };
}

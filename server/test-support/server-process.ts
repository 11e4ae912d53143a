import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  url: string;
  wsUrl: string;
  port: number;
  dir: string;
  dbPath: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (start-up banner, logs at warn and above). */
  stderr: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit: a crash. */
  kill(): Promise<void>;
}

/**
 * Starts the real CLI (`serve`) as its own process, the way users run it, on a
 * free port (or the given one) with a database in a temporary directory.
 */
export async function startServerProcess(
  opts: {
    args?: string[];
    nodeArgs?: string[];
    dir?: string;
    port?: number;
    demo?: boolean;
    env?: NodeJS.ProcessEnv;
    /** Run the production build (`dist-server/cli.mjs`, made by `npm run build`) instead of the sources through tsx. */
    compiled?: boolean;
  } = {},
): Promise<ServerProcess> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tether-proc-'));
  const dbPath = path.join(dir, 'tether.db');
  const entry = opts.compiled ? ['dist-server/cli.mjs'] : ['--import', 'tsx', 'server/cli.ts'];
  const args = [...(opts.nodeArgs ?? []), ...entry, 'serve', '--port', String(opts.port ?? 0), '--db', dbPath, '--log-level', 'warn'];
  if (!opts.demo) args.push('--no-demo');
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${stderr}`)), 30_000);
    const onData = () => {
      const match = /open (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${stderr}`));
    });
  });
  const port = Number(new URL(url).port);
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, wsUrl: url.replace(/^http/, 'ws'), port, dir, dbPath, child, stderr: () => stderr, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

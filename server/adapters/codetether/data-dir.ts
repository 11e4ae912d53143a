import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Where codetether-agent keeps its data, by its own rules (config/path.rs
// `Config::data_dir`, config/path_guard.rs): `$CODETETHER_DATA_DIR` when set
// (trimmed, non-empty), else `.codetether-agent` in the nearest ancestor of the
// working directory that has a `.git` (never `/` or $HOME: too broad to be a
// workspace), else in the working directory itself.

/** The value of `--codetether-dir` / TETHER_CODETETHER_DIR that turns the default off. */
export const CODETETHER_DIR_OFF = 'off';

/** The agent's folder name inside a workspace. */
export const WORKSPACE_DATA_DIR_NAME = '.codetether-agent';

export interface DataDirProbe {
  cwd: string;
  exists: (file: string) => boolean;
}

const defaultProbe = (): DataDirProbe => ({ cwd: process.cwd(), exists: fs.existsSync });

function explicitDataDir(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.CODETETHER_DATA_DIR?.trim();
  return explicit ? explicit : undefined;
}

/** The nearest ancestor of `start` (itself included) holding a `.git`, skipping the filesystem root and the home directory. */
export function workspaceRootOf(start: string, env: NodeJS.ProcessEnv, exists: (file: string) => boolean): string | undefined {
  const home = env.HOME ? path.resolve(env.HOME) : undefined;
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const isRoot = path.dirname(dir) === dir;
    if (!isRoot && dir !== home && exists(path.join(dir, '.git'))) return dir;
    if (isRoot) return undefined;
  }
}

/** The data directory the agent would use when started in `probe.cwd`. */
export function agentDataDir(env: NodeJS.ProcessEnv, probe: DataDirProbe = defaultProbe()): string {
  return explicitDataDir(env) ?? path.join(workspaceRootOf(probe.cwd, env, probe.exists) ?? path.resolve(probe.cwd), WORKSPACE_DATA_DIR_NAME);
}

/**
 * The codetether data directory to follow when none is configured: the
 * agent's own (agentDataDir), when `$CODETETHER_DATA_DIR` names it or it
 * exists; else none (nothing to follow in a folder the agent never ran in).
 */
export function defaultCodetetherDir(env: NodeJS.ProcessEnv, probe: DataDirProbe = defaultProbe()): string | undefined {
  const dir = agentDataDir(env, probe);
  return explicitDataDir(env) !== undefined || probe.exists(dir) ? dir : undefined;
}

/** The configured value (flag or TETHER_CODETETHER_DIR) with the default rules applied; `off` means none. */
export function resolveCodetetherDir(configured: string | undefined, env: NodeJS.ProcessEnv, probe?: DataDirProbe): string | undefined {
  const dir = configured ?? defaultCodetetherDir(env, probe);
  return dir === CODETETHER_DIR_OFF ? undefined : dir;
}

/**
 * Where the agent keeps its `session-locations/` pointers (session/persistence/
 * location/registry.rs): `$CODETETHER_DATA_DIR`, else its global data dir
 * (`directories::ProjectDirs::from("ai", "codetether", "codetether-agent")`).
 */
export function sessionLocationsRoot(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const explicit = explicitDataDir(env);
  if (explicit) return explicit;
  const home = env.HOME || os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ai.codetether.codetether-agent');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'codetether', 'codetether-agent', 'data');
  const xdg = env.XDG_DATA_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share'), 'codetether-agent');
}

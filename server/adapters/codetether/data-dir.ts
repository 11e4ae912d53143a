import fs from 'node:fs';

/** The value of `--codetether-dir` / TETHER_CODETETHER_DIR that turns the default off. */
export const CODETETHER_DIR_OFF = 'off';

/** Where codetether-agent keeps its data when run from the current directory. */
export const LOCAL_CODETETHER_DIR = './.codetether-agent';

/**
 * The codetether data directory to follow when none is configured: the agent's
 * own `$CODETETHER_DATA_DIR`, else `./.codetether-agent` when it exists (the
 * agent's default when started in this directory), else none.
 */
export function defaultCodetetherDir(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = fs.existsSync): string | undefined {
  const fromAgentEnv = env.CODETETHER_DATA_DIR;
  if (fromAgentEnv !== undefined && fromAgentEnv !== '') return fromAgentEnv;
  return exists(LOCAL_CODETETHER_DIR) ? LOCAL_CODETETHER_DIR : undefined;
}

/** The configured value (flag or TETHER_CODETETHER_DIR) with the default rules applied; `off` means none. */
export function resolveCodetetherDir(configured: string | undefined, env: NodeJS.ProcessEnv, exists?: (path: string) => boolean): string | undefined {
  const dir = configured ?? defaultCodetetherDir(env, exists);
  return dir === CODETETHER_DIR_OFF ? undefined : dir;
}

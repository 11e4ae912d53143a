import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config';
import { removeTempDirs, tempDir } from '../../test-support/follower-test-kit';
import { agentDataDir, resolveCodetetherDir, sessionLocationsRoot, workspaceRootOf } from './data-dir';
import { dataDirsOf, readSessionLocations } from './session-locations';

afterEach(() => removeTempDirs());

/** A probe over a fixed set of existing paths. */
const probe = (cwd: string, existing: string[]) => ({ cwd, exists: (p: string) => existing.includes(p) });

describe('the codetether data directory, by the agent\'s own rules (config/path.rs)', () => {
  it('is $CODETETHER_DATA_DIR (trimmed) when set, whatever exists', () => {
    expect(agentDataDir({ CODETETHER_DATA_DIR: '  /elsewhere ' }, probe('/home/dev/app/src', []))).toBe('/elsewhere');
    expect(resolveCodetetherDir(undefined, { CODETETHER_DATA_DIR: '/elsewhere' }, probe('/x', []))).toBe('/elsewhere');
  });

  it('else .codetether-agent in the nearest ancestor with a .git, else in the working directory', () => {
    const env = { HOME: '/home/dev' };
    expect(agentDataDir(env, probe('/home/dev/app/src/utils', ['/home/dev/app/.git']))).toBe('/home/dev/app/.codetether-agent');
    // A worktree has its own .git (a file): it is the nearest.
    expect(agentDataDir(env, probe('/home/dev/app/.codetether-worktrees/w1/src', ['/home/dev/app/.git', '/home/dev/app/.codetether-worktrees/w1/.git']))).toBe('/home/dev/app/.codetether-worktrees/w1/.codetether-agent');
    expect(agentDataDir(env, probe('/srv/scratch', []))).toBe('/srv/scratch/.codetether-agent');
  });

  it('never takes $HOME or / as the workspace, even with a .git there', () => {
    expect(workspaceRootOf('/home/dev/notes', { HOME: '/home/dev' }, (p) => p === '/home/dev/.git' || p === '/.git')).toBeUndefined();
    expect(agentDataDir({ HOME: '/home/dev' }, probe('/home/dev/notes', ['/home/dev/.git']))).toBe('/home/dev/notes/.codetether-agent');
  });

  it('is followed by default only when it exists; a configured one always; "off" turns it off', () => {
    const env = { HOME: '/home/dev' };
    expect(resolveCodetetherDir(undefined, env, probe('/home/dev/app', ['/home/dev/app/.git']))).toBeUndefined();
    expect(resolveCodetetherDir(undefined, env, probe('/home/dev/app/src', ['/home/dev/app/.git', '/home/dev/app/.codetether-agent']))).toBe('/home/dev/app/.codetether-agent');
    expect(resolveCodetetherDir('/srv/agent', { CODETETHER_DATA_DIR: '/elsewhere' })).toBe('/srv/agent');
    expect(resolveCodetetherDir('off', { CODETETHER_DATA_DIR: '/elsewhere' })).toBeUndefined();
  });

  it('comes from --codetether-dir or TETHER_CODETETHER_DIR in the server configuration, the flag winning', () => {
    // As the CLI composes them: the configured value, then the agent's own rules.
    const followed = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv) => resolveCodetetherDir(resolveConfig(flags, env).codetetherDir, env);
    expect(followed({}, { TETHER_CODETETHER_DIR: '/from-env' })).toBe('/from-env');
    expect(followed({ codetetherDir: '/from-flag' }, { TETHER_CODETETHER_DIR: '/from-env' })).toBe('/from-flag');
    expect(followed({}, { TETHER_CODETETHER_DIR: 'off', CODETETHER_DATA_DIR: '/x' })).toBeUndefined();
    expect(followed({}, { CODETETHER_DATA_DIR: '/agent-data' })).toBe('/agent-data');
  });

  it('keeps session-locations in $CODETETHER_DATA_DIR, else in the global data dir', () => {
    expect(sessionLocationsRoot({ CODETETHER_DATA_DIR: '/d' }, 'linux')).toBe('/d');
    expect(sessionLocationsRoot({ HOME: '/home/dev' }, 'linux')).toBe('/home/dev/.local/share/codetether-agent');
    expect(sessionLocationsRoot({ HOME: '/home/dev', XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/codetether-agent');
    expect(sessionLocationsRoot({ HOME: '/Users/dev' }, 'darwin')).toBe('/Users/dev/Library/Application Support/ai.codetether.codetether-agent');
  });
});

describe('session-locations pointers', () => {
  it('lead to the data directories of sessions in other worktrees; invalid pointers count for nothing', async () => {
    const root = tempDir('locations');
    const worktree = tempDir('worktree');
    const sessions = path.join(worktree, '.codetether-agent', 'sessions');
    fs.mkdirSync(sessions, { recursive: true });
    fs.mkdirSync(path.join(root, 'session-locations'));
    const write = (id: string, target: string) => fs.writeFileSync(path.join(root, 'session-locations', `${id}.path`), target);
    fs.writeFileSync(path.join(sessions, 'moved-1.json'), '{}');
    write('moved-1', `${path.join(sessions, 'moved-1.json')}\n`);
    write('relative', 'sessions/relative.json');
    write('gone', path.join(sessions, 'gone.json'));
    write('wrong-name', path.join(sessions, 'moved-1.json'));
    const found = await readSessionLocations(root);
    expect([...found]).toEqual([['moved-1', path.join(sessions, 'moved-1.json')]]);
    expect([...dataDirsOf(found)]).toEqual([path.join(worktree, '.codetether-agent')]);
    expect(await readSessionLocations(path.join(root, 'missing'))).toEqual(new Map());
  });
});

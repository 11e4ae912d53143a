import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config';
import { LOCAL_CODETETHER_DIR, resolveCodetetherDir } from './data-dir';

const nothingExists = () => false;
const localExists = (p: string) => p === LOCAL_CODETETHER_DIR;

describe('the codetether data directory', () => {
  it('is the configured one, else $CODETETHER_DATA_DIR, else ./.codetether-agent when it exists, else none', () => {
    expect(resolveCodetetherDir('/srv/agent', { CODETETHER_DATA_DIR: '/elsewhere' }, localExists)).toBe('/srv/agent');
    expect(resolveCodetetherDir(undefined, { CODETETHER_DATA_DIR: '/elsewhere' }, localExists)).toBe('/elsewhere');
    expect(resolveCodetetherDir(undefined, {}, localExists)).toBe(LOCAL_CODETETHER_DIR);
    expect(resolveCodetetherDir(undefined, {}, nothingExists)).toBeUndefined();
  });

  it('is none when set to off, whatever the defaults say', () => {
    expect(resolveCodetetherDir('off', { CODETETHER_DATA_DIR: '/elsewhere' }, localExists)).toBeUndefined();
  });

  it('comes from --codetether-dir or TETHER_CODETETHER_DIR in the server configuration, the flag winning', () => {
    expect(resolveConfig({}, { TETHER_CODETETHER_DIR: '/from-env' }).codetetherDir).toBe('/from-env');
    expect(resolveConfig({ codetetherDir: '/from-flag' }, { TETHER_CODETETHER_DIR: '/from-env' }).codetetherDir).toBe('/from-flag');
    expect(resolveConfig({}, { TETHER_CODETETHER_DIR: 'off', CODETETHER_DATA_DIR: '/x' }).codetetherDir).toBeUndefined();
    expect(resolveConfig({}, { CODETETHER_DATA_DIR: '/agent-data' }).codetetherDir).toBe('/agent-data');
  });
});

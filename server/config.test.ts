import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config';

const bothTokens = { TETHER_INGEST_TOKENS: 'ingest-token-0123456789', TETHER_READ_TOKENS: 'read-token-0123456789ab' };

describe('resolveConfig', () => {
  it('has the documented defaults', () => {
    expect(resolveConfig({}, {})).toMatchObject({ port: 8787, host: '127.0.0.1', db: './data/tether-watch.db', demo: true, staticDir: 'dist', logLevel: 'info' });
  });

  it('reads the environment and lets flags win', () => {
    const env = { TETHER_PORT: '9000', TETHER_DEMO: '0', TETHER_WATCH: '/tmp/events', TETHER_HOST: '0.0.0.0', ...bothTokens };
    expect(resolveConfig({}, env)).toMatchObject({ port: 9000, demo: false, watch: '/tmp/events', host: '0.0.0.0' });
    expect(resolveConfig({ port: '9100', demo: true }, env)).toMatchObject({ port: 9100, demo: true });
  });

  it('names the flag or variable that is wrong', () => {
    expect(() => resolveConfig({ port: 'eighty' }, {})).toThrow(/--port: .*number/);
    expect(() => resolveConfig({}, { TETHER_PORT: '70000' })).toThrow(/TETHER_PORT/);
    expect(() => resolveConfig({}, { TETHER_DEMO: 'maybe' })).toThrow(/TETHER_DEMO/);
    expect(() => resolveConfig({ logLevel: 'loud' }, {})).toThrow(/--log-level/);
    expect(() => resolveConfig({ demoTarget: 'ftp://x' }, {})).toThrow(/--demo-target/);
  });

  it('reads CORS origins as a comma-separated list, none by default, and refuses anything but origins', () => {
    expect(resolveConfig({}, {}).corsOrigins).toEqual([]);
    expect(resolveConfig({}, { TETHER_CORS_ORIGINS: 'https://ops.example.com, http://localhost:3000' }).corsOrigins).toEqual([
      'https://ops.example.com',
      'http://localhost:3000',
    ]);
    expect(() => resolveConfig({}, { TETHER_CORS_ORIGINS: 'https://ops.example.com/path' })).toThrow(/TETHER_CORS_ORIGINS/);
    expect(() => resolveConfig({ corsOrigins: '*' }, {})).toThrow(/--cors-origins/);
  });
});

describe('resolveConfig: tokens and the loopback rule', () => {
  it('on loopback, runs open without tokens', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(resolveConfig({ host }, {})).toMatchObject({ host, ingestTokens: [], readTokens: [] });
  });

  it('bound to any other address, refuses to start without both scopes, saying how to set them', () => {
    expect(() => resolveConfig({}, { TETHER_HOST: '0.0.0.0' })).toThrow(
      /TETHER_HOST 0\.0\.0\.0 is not a loopback address, so the server needs tokens \(no ingest token, no read token\): set TETHER_INGEST_TOKENS and TETHER_READ_TOKENS/,
    );
    expect(() => resolveConfig({ host: '192.168.1.5' }, { TETHER_READ_TOKENS: bothTokens.TETHER_READ_TOKENS })).toThrow(/--host 192\.168\.1\.5 .*\(no ingest token\).*TETHER_TOKENS_FILE/);
  });

  it('bound to any other address with both scopes, starts', () => {
    expect(resolveConfig({ host: '0.0.0.0' }, bothTokens)).toMatchObject({ host: '0.0.0.0', ingestTokens: ['ingest-token-0123456789'], readTokens: ['read-token-0123456789ab'] });
  });

  it('reads comma-separated lists, merges the tokens file, and refuses short tokens by variable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-config-'));
    const file = path.join(dir, 'tokens.json');
    fs.writeFileSync(file, JSON.stringify({ read: ['file-read-token-0123456'] }));
    const config = resolveConfig({}, { TETHER_READ_TOKENS: ' read-token-0123456789ab , second-read-token-0123 ', TETHER_TOKENS_FILE: file });
    expect(config.readTokens).toEqual(['read-token-0123456789ab', 'second-read-token-0123', 'file-read-token-0123456']);
    expect(() => resolveConfig({}, { TETHER_INGEST_TOKENS: 'too-short' })).toThrow(/TETHER_INGEST_TOKENS: a token must be at least 16 characters/);
    expect(() => resolveConfig({}, { TETHER_TOKENS_FILE: path.join(dir, 'absent.json') })).toThrow(/TETHER_TOKENS_FILE .*absent\.json: cannot read/);
  });
});

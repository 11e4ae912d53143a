import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config';

describe('resolveConfig', () => {
  it('has the documented defaults', () => {
    expect(resolveConfig({}, {})).toMatchObject({ port: 8787, host: '127.0.0.1', db: './data/tether-watch.db', demo: true, staticDir: 'dist', logLevel: 'info' });
  });

  it('reads the environment and lets flags win', () => {
    const env = { TETHER_PORT: '9000', TETHER_DEMO: '0', TETHER_WATCH: '/tmp/events', TETHER_HOST: '0.0.0.0' };
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

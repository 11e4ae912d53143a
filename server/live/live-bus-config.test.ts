import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config';
import { startServerProcess } from '../test-support/server-process';

// The scaled-mode settings of server/config.ts: NATS_URL selects the NATS live bus.

describe('live bus configuration', () => {
  it('is off by default, with the default subject', () => {
    const config = resolveConfig({}, {});
    expect(config.natsUrl).toBeUndefined();
    expect(config.natsSubject).toBe('tether.live');
  });

  it('reads NATS_URL and TETHER_NATS_SUBJECT, flags first', () => {
    expect(resolveConfig({}, { NATS_URL: 'nats://10.0.0.5:4222', TETHER_NATS_SUBJECT: 'prod.live' })).toMatchObject({
      natsUrl: 'nats://10.0.0.5:4222',
      natsSubject: 'prod.live',
    });
    expect(resolveConfig({ natsUrl: 'tls://nats.internal:4222' }, { NATS_URL: 'nats://10.0.0.5:4222' }).natsUrl).toBe('tls://nats.internal:4222');
  });

  it.each([
    [{}, { NATS_URL: 'http://127.0.0.1:4222' }, /NATS_URL: expected a NATS URL like nats:\/\/127\.0\.0\.1:4222/],
    [{ natsUrl: 'not a url' }, {}, /--nats-url: expected a NATS URL/],
    [{}, { TETHER_NATS_SUBJECT: 'tether.*' }, /TETHER_NATS_SUBJECT: expected a NATS subject/],
    [{ natsSubject: 'a..b' }, {}, /--nats-subject: expected a NATS subject/],
  ])('refuses %o %o naming the setting', (flags, env, error) => {
    expect(() => resolveConfig(flags, env)).toThrow(error);
  });

  it('stops the server at start-up when NATS_URL is set without a shared store', async () => {
    const started = startServerProcess({ env: { NATS_URL: 'nats://127.0.0.1:4222' }, args: ['--codetether-dir', 'off'] });
    await expect(started).rejects.toThrow(/exited with 1 before starting:[\s\S]*NATS_URL needs DATABASE_URL/);
  }, 60_000);
});

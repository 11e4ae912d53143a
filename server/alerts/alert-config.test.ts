import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config';
import { startServerProcess } from '../test-support/server-process';

// The alert settings at start-up: flags over environment, a clear message for
// each wrong value, and a broken alerts file stops the real CLI naming the field.

describe('alert configuration', () => {
  it('reads webhooks (comma-separated), the secret (environment only), the abandoned threshold and the daily spend', () => {
    const config = resolveConfig(
      {},
      {
        TETHER_ALERT_WEBHOOKS: ' https://a.example/hook , http://127.0.0.1:9/x ',
        TETHER_ALERT_WEBHOOK_SECRET: 'sixteen-chars-ok',
        TETHER_ABANDONED_AFTER_MIN: '45',
        TETHER_ALERT_DAILY_SPEND_USD: '12.5',
        TETHER_PUBLIC_URL: 'https://tether.example.com',
      },
    );
    expect(config).toMatchObject({
      alertWebhooks: ['https://a.example/hook', 'http://127.0.0.1:9/x'],
      alertWebhookSecret: 'sixteen-chars-ok',
      abandonedAfterMin: 45,
      alertDailySpendUsd: 12.5,
      publicUrl: 'https://tether.example.com',
    });
    expect(resolveConfig({ alertWebhooks: 'https://flag.example/h' }, { TETHER_ALERT_WEBHOOKS: 'https://env.example/h' }).alertWebhooks).toEqual(['https://flag.example/h']);
    expect(resolveConfig({}, {})).toMatchObject({ alertWebhooks: [], abandonedAfterMin: 30 });
  });

  it.each([
    [{ TETHER_ALERT_WEBHOOKS: 'ftp://x.example/h' }, 'TETHER_ALERT_WEBHOOKS: expected http(s) webhook URLs'],
    [{ TETHER_ALERT_WEBHOOK_SECRET: 'short' }, 'TETHER_ALERT_WEBHOOK_SECRET: must be at least 16 characters'],
    [{ TETHER_ABANDONED_AFTER_MIN: '0' }, 'TETHER_ABANDONED_AFTER_MIN'],
    [{ TETHER_ALERT_DAILY_SPEND_USD: '-1' }, 'TETHER_ALERT_DAILY_SPEND_USD'],
  ])('refuses %o naming the setting', (env, message) => {
    expect(() => resolveConfig({}, env)).toThrow(message);
  });

  it('the CLI refuses to start with a wrong alerts file, naming the file and field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alerts-cli-'));
    const file = path.join(dir, 'alerts.json');
    fs.writeFileSync(file, JSON.stringify({ kinds: { stalled: { after_minutes: 5 } } }));
    const error = await startServerProcess({ dir, args: ['--alerts-file', file] }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (err: unknown) => err as Error,
    );
    expect(error?.message).toContain(`alerts file ${file}: kinds.stalled: Unrecognized key: "after_minutes"`);
  });
});

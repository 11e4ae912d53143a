import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertPageSchema, type AlertRecord } from '#protocol/alert-schemas';
import { DEMO_PRODUCER } from '#protocol/demo-producer';
import type { SessionEvent } from '#protocol/event-schemas';
import { sessionEvents, uniqueSessionId } from '../test-support/event-factory';
import { testServers, waitFor } from '../test-support/test-server';

// The built-in demo's sessions raise no alert and do not count in the day's spend,
// unless the alerts file says `include_demo: true`. A real session alongside is the
// witness that each evaluation ran: its alerts fire, the demo's do not.

const servers = testServers(afterEach);

async function post(url: string, events: SessionEvent[]): Promise<void> {
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: events.map((ev) => JSON.stringify(ev)).join('\n') });
  expect(((await res.json()) as { accepted: number }).accepted).toBe(events.length);
}

async function alertsOf(url: string, query: string): Promise<AlertRecord[]> {
  const res = await fetch(`${url}/api/v1/alerts?${query}`);
  return alertPageSchema.parse(await res.json()).records;
}

async function startWithAlertsFile(file: object) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alerts-demo-'));
  fs.writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify({ sweep_interval_ms: 100, ...file }));
  // 10k prompt tokens of claude-sonnet-4-5 cost $0.03 (over the $0.01 warning); 100k, $0.30. The day's threshold, $0.10, lies between.
  return servers.start({ dir, config: { alertsFile: path.join(dir, 'alerts.json'), budgetWarnUsd: 0.01, alertDailySpendUsd: 0.1 } });
}

/** A demo session and a real one, each with an error and usage; the demo's usage alone would cross the day's threshold. */
async function postBoth(url: string) {
  const real = uniqueSessionId('real');
  const demo = uniqueSessionId('demo');
  const r = sessionEvents(real);
  const d = sessionEvents(demo);
  const usage = { source: 'root', model: 'anthropic/claude-sonnet-4-5', completion_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 } as const;
  await post(url, [
    d('session_sync', { producer: DEMO_PRODUCER }),
    d('token_usage', { ...usage, prompt_tokens: 100_000, producer: DEMO_PRODUCER }),
    // After the usage: any later event would end the error state.
    d('error', { error: 'boom', producer: DEMO_PRODUCER }),
    r('token_usage', { ...usage, prompt_tokens: 10_000 }),
    r('error', { error: 'boom' }),
  ]);
  return { real, demo };
}

describe('alerts and demo sessions', () => {
  it('fire for a real session but not for a demo session, and the day spend leaves the demo out', async () => {
    const { url, server } = await startWithAlertsFile({});
    const { real, demo } = await postBoth(url);
    // The real session's budget warning comes from the same cost check as the day's spend.
    await waitFor(async () => (await alertsOf(url, `session=${real}&kind=budget_warn`)).length > 0, 'the real budget warning', 10_000);
    await server.alerts.settled();
    expect((await alertsOf(url, `session=${real}`)).map((a) => a.kind).sort()).toEqual(['budget_warn', 'error']);
    expect(await alertsOf(url, `session=${demo}`)).toEqual([]);
    expect(await alertsOf(url, 'kind=daily_spend')).toEqual([]);
  });

  it('fire for demo sessions too with include_demo in the alerts file', async () => {
    const { url } = await startWithAlertsFile({ include_demo: true });
    const { demo } = await postBoth(url);
    await waitFor(async () => (await alertsOf(url, 'kind=daily_spend')).length > 0, 'the day spend alert', 10_000);
    await waitFor(async () => (await alertsOf(url, `session=${demo}&kind=budget_warn`)).length > 0, 'the demo budget warning', 10_000);
    expect((await alertsOf(url, `session=${demo}&kind=error`)).length).toBe(1);
  });
});

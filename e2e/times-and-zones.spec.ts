import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// Absolute times say their zone, and a shared custom-range URL means the same
// instants for everyone: two browsers in different zones open one link and see
// one window, each on its own wall clock with the zone named; switched to UTC
// (kept across reloads) they read identically.

// $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens.
const pricesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-e2e-zones-'));
const pricesFile = path.join(pricesDir, 'prices.json');
fs.writeFileSync(pricesFile, JSON.stringify([{ model: 'e2e/zones', input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 }]));
const server = serverForSpec({ env: { TETHER_PRICES_FILE: pricesFile } });
const HOUR = 3_600_000;
const from = Date.UTC(2026, 0, 10, 23, 30);
const to = from + 3 * 24 * HOUR;
const sharedPath = `/usage?range=custom&from=${from}&to=${to}`;

async function openIn(browser: Browser, timezoneId: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server().url}${sharedPath}`);
  return page;
}

test.beforeAll(async () => {
  // Token usage spread over the three days, so the chart has an axis spanning them.
  const events = Array.from({ length: 12 }, (_, i) => ({
    session_id: 'zones-e2e',
    seq: i + 1,
    ts: from + HOUR + i * 6 * HOUR,
    type: 'token_usage',
    source: 'root',
    model: 'e2e/zones',
    prompt_tokens: 1000,
    cache_read_tokens: 600,
    cache_write_tokens: 100,
    completion_tokens: 100,
    duration_ms: 50,
  }));
  const res = await fetch(`${server().url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: events.map((e) => JSON.stringify(e)).join('\n'),
  });
  expect(res.status).toBeLessThan(300);
});

test('a shared custom range shows the same instants in New York and Tokyo, each zone named', async ({ browser }) => {
  const newYork = await openIn(browser, 'America/New_York');
  const tokyo = await openIn(browser, 'Asia/Tokyo');

  // The window: one pair of instants, on each viewer's wall clock, with the zone.
  await expect(newYork.locator('.usage-summary__window')).toContainText('10 Jan 2026, 18:30:00 GMT-5 – 13 Jan 2026, 18:30:00 GMT-5');
  await expect(tokyo.locator('.usage-summary__window')).toContainText('11 Jan 2026, 08:30:00 GMT+9 – 14 Jan 2026, 08:30:00 GMT+9');

  // The custom fields show the same instants on each wall clock, the zone beside them.
  const fields = (page: Page) => page.getByRole('form', { name: 'Custom time range' });
  await expect(fields(newYork).getByLabel('From')).toHaveValue('2026-01-10T18:30');
  await expect(fields(newYork).getByLabel('To')).toHaveValue('2026-01-13T18:30');
  await expect(fields(newYork).getByTestId('range-zone')).toHaveText('America/New_York (GMT-5)');
  await expect(fields(tokyo).getByLabel('From')).toHaveValue('2026-01-11T08:30');
  await expect(fields(tokyo).getByTestId('range-zone')).toHaveText('Asia/Tokyo (GMT+9)');

  // The header says which zone every time is in.
  await expect(newYork.getByTestId('time-zone-toggle')).toHaveText(/GMT-5$/);
  await expect(newYork.getByTestId('time-zone-toggle')).toHaveAccessibleName('Times shown in America/New_York. Switch to UTC');
  await expect(tokyo.getByTestId('time-zone-toggle')).toHaveText(/GMT\+9$/);
  await expect(tokyo.getByTestId('time-zone-toggle')).toHaveAccessibleName('Times shown in Asia/Tokyo. Switch to UTC');

  // Neither page rewrote the shared instants.
  for (const page of [newYork, tokyo]) {
    const url = new URL(page.url());
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([String(from), String(to)]);
  }

  // Three days of 3-hour bars: the axis ticks carry the date, not a bare "13:00" repeated each day.
  const ticks = newYork.locator('.usage-chart .recharts-cartesian-axis-tick-value');
  await expect(ticks.first()).toHaveText(/^\d{1,2} Jan, \d{2}:\d{2}$/);

  // Cache reads and writes have their own columns with their cost (12 calls x 600 and x 100 tokens:
  // 7,200 x $0.30 = $0.00216 and 1,200 x $3.75 = $0.0045 per million), in the cost column's decimals
  // (the whole: 12 x (300 x 3 + 600 x 0.3 + 100 x 3.75 + 100 x 15) / 1M = $0.03546 → $0.0355).
  const root = newYork.getByRole('table', { name: 'Usage by source' }).getByRole('row').filter({ has: newYork.getByRole('rowheader', { name: 'root', exact: true }) });
  await expect(root.locator('td').nth(1)).toHaveText('7,200 $0.0022');
  await expect(root.locator('td').nth(2)).toHaveText('1,200 $0.0045');
  await expect(root.locator('td').nth(6)).toHaveText('$0.0355');

  // Re-applying the fields unchanged keeps the same instants (the fields are read on the viewer's zone).
  await fields(tokyo).getByRole('button', { name: 'Apply' }).click();
  await expect(tokyo).toHaveURL(new RegExp(`from=${from}.*to=${to}`));

  // UTC on request, for the whole app, kept across a reload: both viewers now read the same text.
  for (const page of [newYork, tokyo]) {
    await page.getByTestId('time-zone-toggle').click();
    await page.reload();
    await expect(page.getByTestId('time-zone-toggle')).toHaveText(/UTC$/);
    await expect(page.getByTestId('time-zone-toggle')).toHaveAccessibleName(/^Times shown in UTC\. Switch to your zone/);
    await expect(page.locator('.usage-summary__window')).toContainText('10 Jan 2026, 23:30:00 UTC – 13 Jan 2026, 23:30:00 UTC');
    await expect(fields(page).getByLabel('From')).toHaveValue('2026-01-10T23:30');
    await expect(fields(page).getByTestId('range-zone')).toHaveText('UTC');
  }

  // And back to the browser's zone.
  await tokyo.getByTestId('time-zone-toggle').click();
  await expect(tokyo.locator('.usage-summary__window')).toContainText('GMT+9');
  await newYork.context().close();
  await tokyo.context().close();
});

test('a time of day shown alone names its zone, and follows a switch of zone at once', async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server().url}/sessions/zones-e2e`);
  // The first event: 11 Jan 2026, 00:30 UTC, the evening before in New York.
  const log = page.getByRole('list', { name: /^Events \(/ });
  const first = log.locator('time').filter({ hasText: /^19:30:00\.000 / }).first();
  await expect(first).toHaveText('19:30:00.000 GMT-5', { timeout: 20_000 });
  await expect(first).toHaveAttribute('title', '10 Jan 2026, 19:30:00 GMT-5');

  // Switched to UTC: the rows already on screen redraw in it, no reload.
  await page.getByTestId('time-zone-toggle').click();
  await expect(log.locator('time').filter({ hasText: /^00:30:00\.000 / }).first()).toHaveText('00:30:00.000 UTC');
  await expect(log.locator('time').filter({ hasText: /GMT-5$/ })).toHaveCount(0);
  await context.close();
});

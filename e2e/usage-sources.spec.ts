import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// Issues 11 and 12 on the Cost page: a session whose producer sends only usage_report
// is counted (as root) and says so; a producer's own reported cost is shown beside
// our price where they differ.

const PRICED = 'anthropic/claude-sonnet-4-5';
const pricesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-e2e-prices-'));
const pricesFile = path.join(pricesDir, 'prices.json');
// $3 in / $15 out per million tokens.
fs.writeFileSync(pricesFile, JSON.stringify([{ model: PRICED, input_per_mtok: 3, output_per_mtok: 15, label: 'e2e' }]));
const server = serverForSpec({ env: { TETHER_PRICES_FILE: pricesFile } });

const cells = (row: Locator) => row.locator('td');
const rowOf = (page: Page, by: string, key: string) =>
  page.getByRole('table', { name: `Usage by ${by}` }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });

test('usage-report calls count as root and say so; a reported cost that differs from ours is shown beside it', async ({ page }) => {
  const reports = await ScriptedSession.open(server().wsUrl, 'reports');
  const labelled = await ScriptedSession.open(server().wsUrl, 'labelled');
  // codetether serve: one usage_report per LLM call, no token_usage. 2,000 in + 200 out: $0.009.
  reports
    .emit('usage_report', { producer: 'codetether', model: PRICED, prompt_tokens: 1_000, completion_tokens: 100, duration_ms: 400 })
    .emit('usage_report', { producer: 'codetether', model: PRICED, prompt_tokens: 1_000, completion_tokens: 100, duration_ms: 400 });
  // 100,000 in + 20,000 out: $0.60 by our price; the producer said $1.00.
  labelled.emit('token_usage', {
    source: 'root', model: PRICED, prompt_tokens: 100_000, completion_tokens: 20_000, cache_read_tokens: 0, cache_write_tokens: 0,
    duration_ms: 500, label: 'compact', reported_cost_usd: 1,
  });
  await Promise.all([reports.acked(), labelled.acked()]);
  try {
    await page.goto(`${server().url}/usage`);
    await expect(page.getByRole('heading', { level: 1, name: 'Cost' })).toBeVisible({ timeout: 30_000 });
    // Columns: prompt, cache read, cache write, completion, total, calls, cost, share.
    await expect(cells(rowOf(page, 'source', 'root'))).toHaveText(
      ['102,000', '0', '0', '20,200', '122,200', '3 2 from usage reports', '$0.609 the source reported $1.00; catalogue price $0.609', '100%'],
      { timeout: 30_000 },
    );

    await page.getByLabel('Group by').selectOption('label');
    await expect(cells(rowOf(page, 'label', 'compact'))).toHaveText(['100,000', '0', '0', '20,000', '120,000', '1', '$0.600 the source reported $1.00; catalogue price $0.60', '98%']);
    await expect(cells(rowOf(page, 'label', '(no label)'))).toHaveText(['2,000', '0', '0', '200', '2,200', '2 2 from usage reports', '$0.009', '2%']);
  } finally {
    await Promise.all([reports.close(), labelled.close()]);
  }
});

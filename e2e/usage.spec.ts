import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { TokenSource } from '../src/protocol/token-source';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// Known token usage across sources and models, one of them priced by an
// override file (so dollars are exact) and one with no price at all; the Cost
// page must add them up to the token and the cent, narrow on a click, export
// the same rows, and restore the whole view from a copied URL.

const PRICED = 'anthropic/claude-sonnet-4-5';
const UNPRICED = `e2e-unpriced-${Math.random().toString(36).slice(2, 8)}`;
const pricesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-e2e-prices-'));
const pricesFile = path.join(pricesDir, 'prices.json');
// $3 in / $15 out per million tokens.
fs.writeFileSync(pricesFile, JSON.stringify([{ model: PRICED, input_per_mtok: 3, output_per_mtok: 15, label: 'e2e' }]));

const server = serverForSpec({ env: { TETHER_PRICES_FILE: pricesFile } });

const usage = (source: TokenSource, model: string, prompt_tokens: number, completion_tokens: number) =>
  ({ source, model, prompt_tokens, completion_tokens, cache_read_tokens: 0, cache_write_tokens: 0, duration_ms: 500 }) as const;

let seeded: Promise<{ alpha: ScriptedSession; beta: ScriptedSession; alphaTitle: string; betaTitle: string }> | undefined;

/** Two sessions, four calls. Expected figures, by hand:
 *  alpha: root 100,000 + 20,000 = 120,000 tokens, $0.30 + $0.30 = $0.60
 *         rlm_subcall 40,000 + 4,000 = 44,000 tokens, $0.12 + $0.06 = $0.18
 *  beta:  root (unpriced model) 5,000 + 1,000 = 6,000 tokens, unpriced
 *         tool_embedded 10,000 + 2,000 = 12,000 tokens, $0.03 + $0.03 = $0.06
 *  total: 155,000 prompt + 27,000 completion = 182,000 tokens, 4 calls, $0.84 + 6,000 tokens unpriced. */
function seed() {
  seeded ??= (async () => {
    const alpha = await ScriptedSession.open(server().wsUrl, 'cost-a');
    const beta = await ScriptedSession.open(server().wsUrl, 'cost-b');
    const alphaTitle = `Cost alpha ${alpha.sessionId.slice(-6)}`;
    const betaTitle = `Cost beta ${beta.sessionId.slice(-6)}`;
    alpha
      .emit('session_sync', { session: { id: alpha.sessionId, title: alphaTitle, agent: 'e2e-alpha', metadata: { model: PRICED } } })
      .emit('token_usage', usage('root', PRICED, 100_000, 20_000))
      .emit('token_usage', usage('rlm_subcall', PRICED, 40_000, 4_000));
    beta
      .emit('session_sync', { session: { id: beta.sessionId, title: betaTitle, agent: 'e2e-beta', metadata: { model: UNPRICED } } })
      .emit('token_usage', usage('root', UNPRICED, 5_000, 1_000))
      .emit('token_usage', usage('tool_embedded', PRICED, 10_000, 2_000));
    await Promise.all([alpha.acked(), beta.acked()]);
    return { alpha, beta, alphaTitle, betaTitle };
  })();
  return seeded;
}

test.afterAll(async () => {
  const s = await seeded;
  await Promise.all([s?.alpha.close(), s?.beta.close()]);
});

const totalsTable = (page: Page, by: string) => page.getByRole('table', { name: `Usage by ${by}` });
const rowOf = (page: Page, by: string, key: string) => totalsTable(page, by).getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });
/** A cold page load parses the chart library first; on a loaded CI machine that alone can take seconds. */
const firstLoad = { timeout: 30_000 };
const cells = (row: Locator) => row.locator('td');
const legend = (page: Page, name: string) => page.getByRole('list', { name: `Chart legend: ${name}` });

test('totals by source and model add up to the seeded figures, unpriced shown as such', async ({ page }) => {
  await seed();
  await page.goto(`${server().url}/usage`);
  await expect(page.getByRole('heading', { level: 1, name: 'Cost' })).toBeVisible(firstLoad);

  // Legend (stacked by source, total tokens): 126k root, 44.0k rlm_subcall, 12.0k tool_embedded.
  const sources = legend(page, 'sources');
  await expect(sources.getByRole('button')).toHaveText([/root\s*126k\s*69%/, /rlm_subcall\s*44\.0k\s*24%/, /tool_embedded\s*12\.0k\s*7%/], firstLoad);
  await expect(sources.getByRole('button', { name: 'root: 126k, 69%' })).toBeVisible();

  // Columns: prompt, completion, total, calls, cost, share.
  // Shares of 182,000 tokens: 126k is 69%, 44k 24%, 12k 7%.
  await expect(cells(rowOf(page, 'source', 'root'))).toHaveText(['105,000', '0', '0', '21,000', '126,000', '2', '$0.60 + 6,000 tokens unpriced', '69%']);
  await expect(cells(rowOf(page, 'source', 'rlm_subcall'))).toHaveText(['40,000', '0', '0', '4,000', '44,000', '1', '$0.18', '24%']);
  await expect(cells(rowOf(page, 'source', 'tool_embedded'))).toHaveText(['10,000', '0', '0', '2,000', '12,000', '1', '$0.06', '7%']);
  await expect(cells(totalsTable(page, 'source').locator('tfoot tr'))).toHaveText(['155,000', '0', '0', '27,000', '182,000', '4', '$0.84 + 6,000 tokens unpriced', '100%']);

  await page.getByLabel('Group by').selectOption('model');
  await expect(cells(rowOf(page, 'model', PRICED))).toHaveText(['150,000', '0', '0', '26,000', '176,000', '3', '$0.84', '97%']);
  // Never $0: the unpriced model says so, with its tokens.
  await expect(cells(rowOf(page, 'model', UNPRICED))).toHaveText(['5,000', '0', '0', '1,000', '6,000', '1', 'unpriced 6,000 tokens', '3%']);

  await page.getByRole('tab', { name: 'Prices' }).click();
  const prices = page.getByRole('table', { name: /Price rules applied/ });
  await expect(prices.getByRole('row').filter({ hasText: PRICED })).toContainText('Override');
  await expect(cells(prices.getByRole('row').filter({ hasText: PRICED })).nth(2)).toHaveText('$3');
  await expect(cells(prices.getByRole('row').filter({ hasText: PRICED })).nth(3)).toHaveText('$15');
  await expect(prices.getByRole('row').filter({ hasText: UNPRICED })).toContainText('Unpriced');
});

test('a legend click narrows to its key and lists the sessions behind it; a copied URL restores the view', async ({ page, context }) => {
  const { alphaTitle, betaTitle } = await seed();
  await page.goto(`${server().url}/usage`);
  await expect(legend(page, 'sources').getByRole('button', { name: /^rlm_subcall/ })).toBeVisible(firstLoad);
  await legend(page, 'sources').getByRole('button', { name: /^rlm_subcall/ }).click();
  await page.getByLabel('Group by').selectOption('model');
  await page.getByLabel('Measure').selectOption('cost');

  await expect(page).toHaveURL(/source=rlm_subcall/);
  const sessions = page.getByRole('table', { name: 'Sessions matching the filters' });
  await expect(sessions.getByRole('link', { name: alphaTitle })).toBeVisible();
  await expect(sessions.getByRole('link', { name: betaTitle })).toHaveCount(0);
  await expect(cells(rowOf(page, 'model', PRICED))).toHaveText(['40,000', '0', '0', '4,000', '44,000', '1', '$0.18', '100%']);

  const copied = page.url();
  const other = await context.newPage();
  await other.goto(copied);
  await expect(other.getByLabel('Group by')).toHaveValue('model', firstLoad);
  await expect(other.getByLabel('Measure')).toHaveValue('cost');
  await expect(other.getByRole('list', { name: 'Active filters' })).toContainText('Source: rlm_subcall');
  await expect(legend(other, 'sources').getByRole('button', { name: 'rlm_subcall: $0.18, 100%' })).toHaveAttribute('aria-pressed', 'true');
  await expect(cells(rowOf(other, 'model', PRICED))).toHaveText(['40,000', '0', '0', '4,000', '44,000', '1', '$0.18', '100%']);
  await expect(other.getByRole('table', { name: 'Sessions matching the filters' }).getByRole('link', { name: alphaTitle })).toBeVisible();

  // The session link opens that session.
  await other.getByRole('link', { name: alphaTitle }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(alphaTitle);
  await other.close();
});

test('exports download the filtered view and parse back to the same rows', async ({ page }) => {
  await seed();
  await page.goto(`${server().url}/usage?group=model&source=root,tool_embedded`);
  // 132,000 of 138,000 tokens: 96%.
  await expect(cells(rowOf(page, 'model', PRICED))).toHaveText(['110,000', '0', '0', '22,000', '132,000', '2', '$0.66', '96%'], firstLoad);

  const totalsLinks = page.getByRole('group', { name: 'Export usage totals by model' });
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), totalsLinks.getByRole('link', { name: 'CSV' }).click()]);
  const csv = fs.readFileSync((await csvDownload.path())!, 'utf8').trim().split(/\r?\n/);
  const header = csv[0]!.split(',');
  const records = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell.replace(/^"|"$/g, '')])));
  const byModel = Object.fromEntries(records.map((r) => [r.model, r]));
  expect(Object.keys(byModel).sort()).toEqual([PRICED, UNPRICED].sort());
  expect(Number(byModel[PRICED]!.prompt_tokens)).toBe(110_000);
  expect(Number(byModel[PRICED]!.completion_tokens)).toBe(22_000);
  expect(Number(byModel[PRICED]!.cost_usd)).toBeCloseTo(0.66, 10);
  expect(Number(byModel[UNPRICED]!.unpriced_tokens)).toBe(6_000);
  expect(byModel[UNPRICED]!.cost_usd).toBe('');

  const rawLinks = page.getByRole('group', { name: 'Export token usage records' });
  const [jsonlDownload] = await Promise.all([page.waitForEvent('download'), rawLinks.getByRole('link', { name: 'JSONL' }).click()]);
  const raw = fs
    .readFileSync((await jsonlDownload.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { source: string; model: string; prompt_tokens: number; completion_tokens: number });
  expect(raw.map((r) => [r.source, r.model, r.prompt_tokens, r.completion_tokens]).sort()).toEqual(
    [
      ['root', PRICED, 100_000, 20_000],
      ['root', UNPRICED, 5_000, 1_000],
      ['tool_embedded', PRICED, 10_000, 2_000],
    ].sort(),
  );
});

test('two changes made before the page re-renders both stay in the URL', async ({ page }) => {
  await seed();
  await page.goto(`${server().url}/usage`);
  await expect(page.getByLabel('Group by')).toBeVisible(firstLoad);
  // Both in one task, as a fast user (or a loaded machine) can: the second must not undo the first.
  await page.evaluate(() => {
    const select = (label: string, value: string) => {
      const id = [...document.querySelectorAll('label')].find((l) => l.textContent === label)!.htmlFor;
      const element = document.getElementById(id) as HTMLSelectElement;
      element.value = value;
      element.dispatchEvent(new Event('change', { bubbles: true }));
    };
    select('Group by', 'model');
    select('Measure', 'cost');
  });
  await expect(page).toHaveURL(/group=model/);
  await expect(page).toHaveURL(/metric=cost/);
  await expect(page.getByLabel('Group by')).toHaveValue('model');
  await expect(totalsTable(page, 'model')).toBeVisible();
});

// Last: it adds usage, which the exact totals above do not count.
test('a live range moves with new usage, without a reload', async ({ page }) => {
  const gamma = await ScriptedSession.open(server().wsUrl, 'cost-live');
  const agent = `e2e-live-${gamma.sessionId.slice(-6)}`;
  gamma
    .emit('session_sync', { session: { id: gamma.sessionId, title: `Cost live ${agent}`, agent, metadata: { model: PRICED } } })
    .emit('token_usage', usage('root', PRICED, 1_000, 100));
  await gamma.acked();

  await page.goto(`${server().url}/usage?range=15m&group=agent&agent=${agent}`);
  await expect(cells(rowOf(page, 'agent', agent))).toHaveText(['1,000', '0', '0', '100', '1,100', '1', '$0.0045', '100%'], firstLoad);
  // A reload would lose this mark.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  gamma.emit('token_usage', usage('rlm_subcall', PRICED, 2_000, 200));
  await gamma.acked();
  // $0.0045 + (2,000 × $3 + 200 × $15) / 1M = $0.0045 + $0.009 = $0.0135.
  await expect(cells(rowOf(page, 'agent', agent))).toHaveText(['3,000', '0', '0', '300', '3,300', '2', '$0.0135', '100%']);
  await expect(legend(page, 'sources').getByRole('button')).toHaveText([/rlm_subcall\s*2\.2k/, /root\s*1\.1k/]);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await gamma.close();
});

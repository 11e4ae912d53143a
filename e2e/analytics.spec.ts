import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// RLM and compaction analytics and session budgets, against the real server with
// real events. A price override makes one model cost exactly $3 / $15 per
// million input / output tokens, so the dollars below are hand-computed.
const unique = Math.random().toString(36).slice(2, 8);
const pricedModel = `e2e-priced-${unique}`;
const pricesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-e2e-prices-'));
const pricesFile = path.join(pricesDir, 'prices.json');
fs.writeFileSync(pricesFile, JSON.stringify([{ model: pricedModel, input_per_mtok: 3, output_per_mtok: 15 }]));

const server = serverForSpec({ env: { TETHER_PRICES_FILE: pricesFile } });

test('RLM completions and a subcall fallback appear with their figures', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'rlm');
  const rootModel = `e2e-root-${unique}`;
  const cheap = `e2e-cheap-${unique}`;
  const dear = `e2e-dear-${unique}`;
  session
    .emit('rlm_complete', {
      trace_id: randomUUID(),
      outcome: 'converged',
      iterations: 7,
      subcalls: 12,
      input_tokens: 48_000,
      output_tokens: 12_000,
      elapsed_ms: 4_200,
      reason: null,
      root_model: rootModel,
      subcall_model_used: cheap,
    })
    .emit('rlm_subcall_fallback', { requested_model: cheap, fallback_model: dear, reason: 'rate limited' })
    .emit('rlm_subcall_fallback', { requested_model: cheap, fallback_model: dear, reason: 'rate limited' });
  await session.acked();

  await page.goto(`${server().url}/rlm?session=${session.sessionId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'RLM' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'RLM', exact: true })).toHaveAttribute('aria-current', 'page');

  const row = page.getByRole('row').filter({ hasText: rootModel });
  await expect(row).toContainText('converged');
  await expect(row).toContainText('48.0k → 12.0k');
  await expect(row).toContainText('0.25×'); // 12,000 / 48,000
  await expect(row).toContainText('4.2 s');
  await expect(row.getByRole('cell', { name: '7', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: '12', exact: true })).toBeVisible();
  await expect(row).toContainText(cheap);

  const alert = page.getByRole('listitem').filter({ hasText: `${cheap} → ${dear}` });
  await expect(alert).toContainText('2 fallbacks in 1 session');

  // The export links carry the view's filters.
  const csv = page.getByRole('group', { name: 'Export RLM completions' }).getByRole('link', { name: 'CSV' });
  await expect(csv).toHaveAttribute('href', new RegExp(`/api/v1/export/rlm-completions\\?.*session=${session.sessionId}.*format=csv`));
  await session.close();
});

test('RLM completions list newest first: the latest run is on the first page, older ones come with Load more', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'rlm-order');
  const runs = 55; // more than a page (50)
  const start = Date.now() - 10 * 60_000;
  for (let i = 1; i <= runs; i++) {
    session.emit('rlm_complete', { ts: new Date(start + i * 1_000).toISOString(), trace_id: `order-${unique}-${i}`, iterations: i, root_model: `e2e-order-${unique}` });
  }
  // Token spend of RLM iterations and subcalls, for the spend table's headings.
  session
    .emit('token_usage', { source: 'rlm_iteration', model: `e2e-order-${unique}`, prompt_tokens: 3_000, completion_tokens: 500 })
    .emit('token_usage', { source: 'rlm_subcall', model: `e2e-order-${unique}`, prompt_tokens: 1_000, completion_tokens: 200 });
  await session.acked();

  await page.goto(`${server().url}/rlm?session=${session.sessionId}`);
  // 55 runs, their charts and a table of 50 rows to draw: slow on a busy machine.
  await expect(page.getByText('50 completions shown')).toBeVisible({ timeout: 30_000 });
  const table = page.getByRole('table', { name: 'RLM completions, newest first' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toHaveAttribute('data-trace', `order-${unique}-${runs}`);
  await expect(rows.nth(1)).toHaveAttribute('data-trace', `order-${unique}-${runs - 1}`);
  await expect(rows.last()).toHaveAttribute('data-trace', `order-${unique}-6`);

  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(runs);
  await expect(rows.last()).toHaveAttribute('data-trace', `order-${unique}-1`);
  await expect(rows.first()).toHaveAttribute('data-trace', `order-${unique}-${runs}`);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

  // The spend table's columns are token counts and say so (3,500 and 1,200 tokens here).
  const spend = page.getByRole('table', { name: 'RLM token spend by model' });
  await expect(spend.getByRole('columnheader')).toHaveText(['Model', 'Iteration tokens', 'Subcall tokens', 'Cost']);
  const spendRow = spend.getByRole('row').filter({ hasText: `e2e-order-${unique}` });
  await expect(spendRow.getByRole('cell').nth(0)).toHaveText('3.5k');
  await expect(spendRow.getByRole('cell').nth(1)).toHaveText('1.2k');
  await session.close();
});

test('a compaction trace shows before → after and its reduction; a truncation shows context lost', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'cmp');
  const saved = `cmp-saved-${unique}`;
  const lost = `cmp-lost-${unique}`;
  session
    .emit('compaction_started', { trace_id: saved, reason: `e2e over budget ${unique}`, before_tokens: 150_000, budget: 128_000 })
    .emit('compaction_completed', { trace_id: saved, strategy: 'rlm', before_tokens: 150_000, after_tokens: 30_000, kept_messages: 12 })
    .emit('compaction_started', { trace_id: lost, reason: `e2e overflow ${unique}`, before_tokens: 200_000, budget: 100_000 })
    .emit('context_truncated', { trace_id: lost, dropped_tokens: 90_000, kept_messages: 4, archive_ref: `archive/${unique}.jsonl` })
    .emit('compaction_completed', { trace_id: lost, strategy: 'truncate', before_tokens: 200_000, after_tokens: 110_000, kept_messages: 4 })
    .emit('compaction_failed', { trace_id: lost, fell_back_to: 'truncate', reason: 'still over budget', after_tokens: 110_000, budget: 100_000 });
  await session.acked();

  await page.goto(`${server().url}/compaction?session=${session.sessionId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Compaction' })).toBeVisible();

  const savedRow = page.getByRole('row').filter({ hasText: `e2e over budget ${unique}` });
  await expect(savedRow).toContainText('150k → 30.0k');
  await expect(savedRow).toContainText('−80%'); // 1 - 30k / 150k
  await expect(savedRow).toContainText('completed');

  const lostRow = page.getByRole('row').filter({ hasText: `e2e overflow ${unique}` });
  await expect(lostRow).toContainText('context lost');
  await expect(lostRow).toContainText('dropped 90.0k tokens');
  await expect(lostRow).toContainText(`archive/${unique}.jsonl`);
  await expect(lostRow).toContainText('fell back to truncate');
  await expect(lostRow).toContainText('−45%'); // 1 - 110k / 200k
  await session.close();
});

test('a per-session budget set in the header turns the overview row yellow, then red', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'budget');
  const title = `Budgeted ${unique}`;
  session
    .emit('session_sync', { session: { id: session.sessionId, title, agent: 'build', metadata: { model: pricedModel } } })
    // 100,000 input tokens at $3 / Mtok: $0.30.
    .emit('token_usage', { source: 'root', model: pricedModel, prompt_tokens: 100_000, completion_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 });
  await session.acked();

  await page.goto(`${server().url}/sessions/${session.sessionId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const cost = page.locator('[data-fact="cost"]');
  await expect(cost).toContainText('$0.30');
  await page.getByRole('button', { name: 'Edit budget' }).click();
  const form = page.getByRole('form', { name: 'Session budget' });
  await form.getByLabel('Warn at (USD)').fill('0.25');
  await form.getByLabel('Limit (USD)').fill('1');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(page.locator('[data-fact="budget"]')).toContainText('warn $0.25 · limit $1.00');
  await expect(cost).toContainText('over warn');

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Sessions' }).click();
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('$0.30');
  await expect(row).toContainText('over warn');
  await expect(row.locator('[data-budget="warn"]')).toBeVisible();

  // 50,000 output tokens at $15 / Mtok: $0.75 more, $1.05 in all, past the $1 limit. The overview polls costs while sessions run.
  session.emit('token_usage', { source: 'root', model: pricedModel, prompt_tokens: 0, completion_tokens: 50_000, cache_read_tokens: 0, cache_write_tokens: 0 });
  await session.acked();
  await expect(row).toContainText('$1.05', { timeout: 15_000 });
  await expect(row).toContainText('at limit');
  await expect(row.locator('[data-budget="limit"]')).toBeVisible();
  await session.close();
});

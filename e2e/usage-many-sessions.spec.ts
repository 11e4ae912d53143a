import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// The Cost page grouped by session names every session in its table from the
// usage reply itself: a session older than the newest 500 (which no session
// list the page reads would hold) still shows its title, not only a short id.

const server = serverForSpec();

const tag = Math.random().toString(36).slice(2, 8);
const OLD_ID = `cost-old-${tag}`;
const OLD_TITLE = `Oldest costly session ${tag}`;
const NEWER = 520;

async function postEvents(events: readonly object[]): Promise<void> {
  const res = await fetch(`${server().url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: events.map((e) => JSON.stringify(e)).join('\n'),
  });
  expect(res.status).toBe(200);
}

test.beforeAll(async () => {
  const now = Date.now();
  const usage = (prompt_tokens: number) => ({ type: 'token_usage', source: 'root', model: 'openai/gpt-4o', prompt_tokens, completion_tokens: 10, duration_ms: 100 });
  // The titled session first, with the most tokens (so the top row), then 520 sessions seen after it.
  await postEvents([
    { session_id: OLD_ID, seq: 1, ts: now - 60_000, type: 'session_sync', session: { id: OLD_ID, title: OLD_TITLE } },
    { session_id: OLD_ID, seq: 2, ts: now - 60_000, ...usage(1_000_000) },
  ]);
  await postEvents(Array.from({ length: NEWER }, (_, i) => ({ session_id: `cost-new-${tag}-${i}`, seq: 1, ts: now - 30_000 + i, ...usage(100 + i) })));
});

test('a session older than the newest 500 shows its title in the table by session', async ({ page }) => {
  await page.goto(`${server().url}/usage?group=session`);
  const table = page.getByRole('table', { name: 'Usage by session' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(OLD_TITLE) }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('link', { name: new RegExp(OLD_TITLE) })).toHaveAttribute('href', `/sessions/${OLD_ID}`);
});

test('the table holds the top 500 lines, totals all of them, and reads more on request', async ({ page }) => {
  // 1,000,010 tokens for the titled session; 110 + i for each newer one.
  const allTokens = 1_000_010 + Array.from({ length: NEWER }, (_, i) => 110 + i).reduce((a, b) => a + b, 0);
  await page.goto(`${server().url}/usage?group=session`);
  const table = page.getByRole('table', { name: 'Usage by session' });
  const totalRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Total', exact: true }) });
  await expect(totalRow).toContainText(allTokens.toLocaleString('en-US'));
  const note = page.getByText(/^Showing the top 500 of 521 lines by total tokens; the Total line counts all 521\./);
  await expect(note).toBeVisible();

  await note.getByRole('button', { name: 'Show 21 more' }).click();
  await expect(page).toHaveURL(/[?&]rows=1000(&|$)/);
  await expect(note).toHaveCount(0);
  await expect(totalRow).toContainText(allTokens.toLocaleString('en-US'));
});

test('the sessions behind a narrowed view are read 500 at a time as well', async ({ page }) => {
  await page.goto(`${server().url}/usage?model=openai/gpt-4o`);
  const matching = page.getByRole('region', { name: 'Matching sessions' });
  await matching.getByRole('button', { name: 'Show 490 more sessions' }).click();
  await expect(matching.getByText(/^Showing the top 500 of 521 lines by total tokens/)).toBeVisible();
  await matching.getByRole('button', { name: 'Show 21 more' }).click();
  await expect(page).toHaveURL(/[?&]rows=1000(&|$)/);
  await expect(matching.getByText(/^Showing the top/)).toHaveCount(0);
});

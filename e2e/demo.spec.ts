import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// The run command's server, demo on, as a user starts it: sessions must appear
// in the browser and keep changing without a reload.
const server = serverForSpec({ demo: true });
/** Any derived status of a session that has not ended. */
const liveStatus = /^(Thinking|Streaming|Running .*|Compacting|Retrying.*|Awaiting approval.*|Idle)$/;

test('demo sessions appear and update live', async ({ page }) => {
  await page.goto(server().url);
  await expect(page.getByRole('banner').getByRole('status')).toHaveText('Live');

  const table = page.getByRole('table');
  const sessionLinks = table.getByRole('rowheader').getByRole('link');
  await expect.poll(() => sessionLinks.count(), { message: 'demo sessions listed' }).toBeGreaterThanOrEqual(3);
  await expect(table.getByText(liveStatus).first()).toBeVisible();

  // Live: the table's figures move on their own while the page stays put.
  const before = await table.innerText();
  await expect.poll(() => table.innerText(), { timeout: 15_000, message: 'table changes without reload' }).not.toBe(before);
});

test('a demo session opens with its events', async ({ page }) => {
  await page.goto(server().url);
  const firstActive = page.getByRole('row').filter({ has: page.getByText(liveStatus) }).first().getByRole('link');
  // The table re-sorts live: pin the session by its link target before reading and clicking it.
  const href = await firstActive.getAttribute('href');
  expect(href).toMatch(/^\/sessions\/[0-9a-f-]+$/);
  const link = page.locator(`a[href="${href}"]`);
  const title = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('list', { name: /^Events \(/ }).getByText('token_usage').first()).toBeVisible({ timeout: 15_000 });
});

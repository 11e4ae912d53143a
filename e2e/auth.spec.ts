import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// A server with tokens: the dashboard asks for a read token, refuses a wrong
// one, shows live sessions with the right one (the live socket carries it as
// ?token=), keeps it across a reload of the tab, signs the reads a cold open
// sends before the app has loaded, and forgets it on sign out.
// (The in-process demo's use of the ingest token is covered by server/security/auth-startup.test.ts.)
const ingestToken = `e2e-ingest-${Math.random().toString(36).slice(2)}-0123456789`;
const readToken = `e2e-read-${Math.random().toString(36).slice(2)}-0123456789`;
const server = serverForSpec({ env: { TETHER_INGEST_TOKENS: ingestToken, TETHER_READ_TOKENS: readToken } });
const storageKey = 'tether-watch:auth-token';

async function sessionCount(token: string): Promise<number> {
  const res = await fetch(`${server().url}/api/v1/sessions`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { total: number }).total;
}

test('asks for a token, refuses a wrong one, then shows live sessions until sign out', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(server().url);
  const prompt = page.getByRole('dialog', { name: 'Token required' });
  await expect(prompt).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Token required' })).toBeVisible();

  const field = prompt.getByLabel('Read token');
  await expect(field).toHaveAttribute('type', 'password');
  await expect(field).toBeFocused();
  await field.fill('not-the-right-token-0123456789');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(prompt.getByRole('alert')).toHaveText(/not accepted/);
  await expect(prompt).toBeVisible();

  await field.fill(ingestToken);
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(prompt.getByRole('alert')).toHaveText(/ingest token/);

  await field.fill(readToken);
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(prompt).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  expect(await page.evaluate((key) => [sessionStorage.getItem(key), localStorage.getItem(key)], storageKey)).toEqual([readToken, null]);

  // Arrives over the live socket, after the page loaded: the socket is authorized.
  const session = await ScriptedSession.open(server().wsUrl, 'auth', ingestToken);
  const title = `Authorized ${session.sessionId.slice(-8)}`;
  session.emit('session_sync', { session: { id: session.sessionId, title, agent: 'build' } }).emit('token_usage');
  await session.acked();
  await expect(page.getByRole('row').filter({ hasText: title })).toBeVisible();
  expect(await sessionCount(readToken)).toBe(1);

  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: title })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Token required' })).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('dialog', { name: 'Token required' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Token required' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: title })).toBeHidden();
  expect(await page.evaluate((key) => [sessionStorage.getItem(key), localStorage.getItem(key)], storageKey)).toEqual([null, null]);
  await session.close();
});

test('"remember on this device" keeps the token in localStorage, for a new tab too', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto(server().url);
  const prompt = page.getByRole('dialog', { name: 'Token required' });
  await prompt.getByLabel('Read token').fill(readToken);
  await prompt.getByRole('checkbox', { name: 'Remember on this device' }).check();
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(prompt).toBeHidden();
  expect(await page.evaluate((key) => [sessionStorage.getItem(key), localStorage.getItem(key)], storageKey)).toEqual([null, readToken]);

  const second = await context.newPage();
  await second.goto(server().url);
  await expect(second.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  await expect(second.getByRole('dialog', { name: 'Token required' })).toBeHidden();
});

test('a remembered token signs every read of a cold open of the Cost page, the early ones too', async ({ context }) => {
  await context.addInitScript(([key, token]) => localStorage.setItem(key, token), [storageKey, readToken] as const);
  const page = await context.newPage();
  const usageReads: { url: string; authorization: string | undefined }[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/usage') usageReads.push({ url: request.url(), authorization: request.headers().authorization });
  });
  await page.goto(`${server().url}/usage?group=session`);
  await expect(page.getByRole('heading', { name: 'Cost', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Usage by session' }).or(page.getByText(/No usage/i)).first()).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Token required' })).toBeHidden();
  expect(usageReads.length).toBeGreaterThan(0);
  expect(usageReads.filter((read) => read.authorization !== `Bearer ${readToken}`)).toEqual([]);
});

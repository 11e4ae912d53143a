import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startFakeCodetetherServe, type FakeCodetetherServe } from '../server/test-support/fake-codetether-serve';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';

// The dashboard of a server that follows a (fake) `codetether serve`: the task
// appears as a session live, and the header says how the bus connection is.
const envelopes = fs.readFileSync(new URL('../server/adapters/codetether-serve/fixtures/bus-envelopes.jsonl', import.meta.url), 'utf8').trimEnd().split('\n');
const TOKEN = 'e2e-codetether-token-5d4c3b2a';

let fake: FakeCodetetherServe | undefined;
let running: ServerProcess[] = [];

test.afterEach(async () => {
  for (const server of running) await server.stop();
  running = [];
  await fake?.close();
  fake = undefined;
});

async function serverFollowingFake(token: string): Promise<ServerProcess> {
  fake = await startFakeCodetetherServe({ token: TOKEN });
  const server = await startServerProcess({ args: ['--codetether-serve', fake.url], env: { CODETETHER_AUTH_TOKEN: token } });
  running.push(server);
  return server;
}

test('a task on the codetether serve bus appears live, and the header shows the connection and its lag', async ({ page }) => {
  const server = await serverFollowingFake(TOKEN);
  await page.goto(server.url);
  const indicator = page.locator('.connection--source');
  await expect(indicator).toContainText('codetether serve');
  await expect(indicator.getByRole('status')).toHaveText('Live');

  const bus = await fake!.connection(0);
  for (const line of envelopes.slice(0, 8)) bus.sendEnvelope(line);
  const row = page.getByRole('row').filter({ hasText: 'Run the date tests and fix what fails' });
  await expect(row).toBeVisible();

  for (const line of envelopes.slice(8)) bus.sendEnvelope(line);
  await expect(page.getByRole('row').filter({ hasText: "Summarise yesterday's deploy log" })).toBeVisible();
  await row.getByRole('link', { name: 'Run the date tests and fix what fails' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Run the date tests and fix what fails');
  await expect(page.getByText('Done', { exact: true }).first()).toBeVisible();

  bus.sendLag(1234);
  await expect(indicator).toContainText('1,234 lost to lag', { timeout: 15_000 });
});

test('the header says the bus is down and why when the token is wrong', async ({ page }) => {
  const server = await serverFollowingFake('a-wrong-token');
  await page.goto(server.url);
  const indicator = page.locator('.connection--source');
  await expect(indicator.getByRole('status')).toHaveText('Down', { timeout: 15_000 });
  await expect(indicator).toHaveAttribute('title', /codetether serve refused the token \(401\)/);
});

import { expect, test, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { ScriptedSession } from './support/scripted-session';

// Statuses an operator can trust, against the real server: a running RLM loop
// is not idle, an approval says how long it has waited and where it is
// answered, a session silent past TETHER_ABANDONED_AFTER_MIN is abandoned and
// leaves the active count, and after a server restart "Retry now" (by keyboard)
// brings the page back Live at once, and the capped back-off within seconds.

const connection = (page: Page) => page.getByRole('banner').getByRole('status');
const statusFilter = (page: Page) => page.getByRole('group', { name: 'Status' });

async function openSession(server: ServerProcess, label: string): Promise<{ session: ScriptedSession; title: string }> {
  const session = await ScriptedSession.open(server.wsUrl, label);
  const title = `Status truth ${label} ${session.sessionId.slice(-8)}`;
  session.emit('session_sync', { session: { id: session.sessionId, title, agent: 'build', metadata: { model: 'openai/gpt-5' } } });
  return { session, title };
}

test.describe('abandoned after the configured silence', () => {
  let server: ServerProcess;
  // 0.1 min: a session silent for 6 s is abandoned (the default is 30 min).
  test.beforeAll(async () => {
    server = await startServerProcess({ env: { TETHER_ABANDONED_AFTER_MIN: '0.1' } });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('a silent session becomes Abandoned and leaves the active count', async ({ page }) => {
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { abandoned_after_ms?: number };
    expect(health.abandoned_after_ms).toBe(6_000);

    const { session, title } = await openSession(server, 'abandoned');
    session.emit('tool_call_start', { tool_call_id: 'call-1', name: 'bash', arguments: '{}' });
    await session.acked();

    await page.goto(`${server.url}/?q=${encodeURIComponent(title)}`);
    await expect(connection(page)).toHaveText('Live');
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Running');
    const active = statusFilter(page).getByRole('button', { name: /^Active/ });
    await expect(active).toHaveText('Active 1');

    // No event for 6 s: abandoned, with how long it has been silent; out of the active count, into its own filter.
    await expect(row).toContainText(/Abandoned · \d+ s silent/, { timeout: 15_000 });
    await expect(active).toHaveText('Active 0');
    await expect(statusFilter(page).getByRole('button', { name: /^Abandoned/ })).toHaveText('Abandoned 1');
    await statusFilter(page).getByRole('button', { name: /^Active/ }).click();
    await expect(page.getByText('No sessions match these filters')).toBeVisible();
    await statusFilter(page).getByRole('button', { name: /^Abandoned/ }).click();
    await expect(row).toBeVisible();

    // The session page agrees.
    await row.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.session-header')).toContainText('Abandoned');

    // A new event brings it back.
    session.emit('tool_heartbeat', { tool_call_id: 'call-1', name: 'bash', elapsed_secs: 9 });
    session.emit('tool_output_chunk', { tool_call_id: 'call-1', name: 'bash', stream: 'stdout', chunk: 'x\n' });
    await expect(page.locator('.session-header')).toContainText('Running bash');
    await session.close();
  });
});

test.describe('RLM, approvals and reconnecting', () => {
  let server: ServerProcess;
  test.beforeAll(async () => {
    server = await startServerProcess();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('an RLM loop is not idle; an approval shows its wait and where to answer it', async ({ page }) => {
    test.setTimeout(90_000);
    const { session, title } = await openSession(server, 'rlm');
    session.emit('token_usage', { source: 'root', model: 'openai/gpt-5', prompt_tokens: 100, completion_tokens: 10 });
    await session.acked();
    await page.goto(`${server.url}/?q=${encodeURIComponent(title)}`);
    await expect(connection(page)).toHaveText('Live');
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Idle');

    session.emit('rlm_progress', { trace_id: 'trace-e2e', iteration: 2, max_iterations: 8, status: 'running' });
    await expect(row).toContainText('Running RLM · iteration 2/8');
    session.emit('rlm_progress', { trace_id: 'trace-e2e', iteration: 3, max_iterations: 8, status: 'running' });
    await expect(row).toContainText('Running RLM · iteration 3/8');

    session.emit('approval_request', { approval_id: 'ap-e2e', tool_call_id: 'call-9', tool: 'bash', action: 'execute', resource: 'rm -rf build/', reason: 'destructive' });
    await expect(row).toContainText(/Awaiting approval · bash · waiting \d+ s/);
    await row.getByRole('link').first().click();
    const header = page.locator('.session-header');
    await expect(header).toContainText("answer in the agent's terminal");
    // Silent past the 30 s stall while it waits: still awaiting approval, the wait still counting.
    await expect(header).toContainText(/waiting (3[1-9]|[45]\d) s|waiting \dm \d\ds/, { timeout: 45_000 });
    await expect(header).not.toContainText('Stalled');
    await session.close();
  });

  test('Retry now brings the page back at once after a restart, and the back-off stays within seconds', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(server.url);
    await expect(connection(page)).toHaveText('Live');
    const retryNow = page.getByRole('banner').getByRole('button', { name: 'Retry now' });
    await expect(retryNow).toHaveCount(0);

    const { port, dir } = server;
    await server.stop();
    await expect(connection(page)).toHaveText('Reconnecting');
    // While the server is down: once the next try is at least 4 s away, the button (by keyboard) tries at once.
    const detail = page.locator('.connection__detail');
    await expect(detail).toHaveText(/^attempt \d+ · retry in [45] s$/, { timeout: 30_000 });
    const attempt = Number(/attempt (\d+)/.exec(await detail.innerText())![1]);
    await retryNow.focus();
    await page.keyboard.press('Enter');
    await expect(detail).toHaveText(new RegExp(`^attempt ${attempt + 1} · `), { timeout: 1_500 });

    // Back up: "Retry now" reconnects without waiting out the delay.
    server = await startServerProcess({ port, dir });
    if (await retryNow.isVisible()) {
      await retryNow.focus();
      await page.keyboard.press('Enter');
    }
    await expect(connection(page)).toHaveText('Live', { timeout: 1_500 });

    // A long outage (15 s): the delay is capped at 5 s, so Live follows the server within seconds of it being back.
    await server.stop();
    await expect(connection(page)).toHaveText('Reconnecting');
    await page.waitForTimeout(15_000); // the outage itself, not a wait for the page
    server = await startServerProcess({ port, dir });
    const backAt = Date.now();
    await expect(connection(page)).toHaveText('Live', { timeout: 6_000 });
    expect(Date.now() - backAt).toBeLessThan(6_000);
  });
});

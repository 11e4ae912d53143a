import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// A producer plays a known sequence to a server with no demo; the page must
// show exactly that, live, and the same after a reload.
const server = serverForSpec();

test('a scripted session appears, updates live and survives a reload', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'script');
  const title = `Scripted session ${session.sessionId.slice(-8)}`;
  session
    .emit('session_sync', { session: { id: session.sessionId, title, agent: 'build', metadata: { model: 'openai/gpt-5' } } })
    .emit('token_estimate', { model: 'openai/gpt-5', request_tokens: 94_000, budget: 128_000 })
    .emit('token_usage', { source: 'root', model: 'openai/gpt-5', prompt_tokens: 1200, completion_tokens: 340 });
  await session.acked();

  await page.goto(server().url);
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row).toContainText('73%'); // 94,000 / 128,000
  await expect(row).toContainText('1.5k'); // 1,200 + 340 tokens from root

  await row.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const log = page.getByRole('list', { name: /^Events \(/ });
  await expect(log.getByText('token_usage')).toBeVisible();

  // Live, without reload: a tool call and the end of the session.
  session.emit('tool_call_start', { tool_call_id: 'call-e2e', name: 'bash', arguments: '{"command":"npm test"}' });
  session.emit('tool_call_complete', { tool_call_id: 'call-e2e', name: 'bash', output: 'all green', success: true, duration_ms: 1500 });
  session.emit('done');
  await session.acked();
  await expect(log.getByText('tool_call_complete')).toBeVisible();
  await expect(page.getByText('Done', { exact: true }).first()).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  for (const type of ['token_usage', 'tool_call_start', 'tool_call_complete', 'done']) {
    await expect(log.getByText(type, { exact: true }).first()).toBeVisible();
  }
  await session.close();
});

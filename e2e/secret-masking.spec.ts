import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// Credentials an agent passes to a tool must not appear on screen: not on the
// tool card, not in the event log's summary or raw JSON.
const server = serverForSpec();

test('secrets in tool arguments and metadata are shown masked', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'secrets');
  const title = `Secrets ${session.sessionId.slice(-8)}`;
  const secrets = ['sk-live-ARGS-4242', 'ghp_META_9999', 'BEARER-CMD-7777'];
  session
    .emit('session_sync', { session: { id: session.sessionId, title, agent: 'build' } })
    .emit('tool_call_start', {
      tool_call_id: 'call-s',
      name: 'http',
      arguments: JSON.stringify({ url: 'https://api.example.com', api_key: secrets[0], command: `curl -H "Authorization: Bearer ${secrets[2]}"` }),
    })
    .emit('tool_call_metadata', { tool_call_id: 'call-s', name: 'http', metadata: { env: { GITHUB_TOKEN: secrets[1] } } })
    .emit('tool_call_complete', { tool_call_id: 'call-s', name: 'http', output: 'ok', success: true, duration_ms: 5 });
  await session.acked();

  await page.goto(server().url);
  await page.getByRole('row').filter({ hasText: title }).getByRole('link', { name: title }).click();
  const card = page.getByRole('article', { name: 'Tool call http' });
  await expect(card).toContainText('"api_key": "••••••"');

  const log = page.getByRole('list', { name: /^Events \(/ });
  for (const type of ['tool_call_start', 'tool_call_metadata']) {
    await log.getByRole('button', { name: new RegExp(type) }).click();
  }
  await expect(log.locator('pre')).toHaveCount(2);
  await expect(log.locator('pre').filter({ hasText: 'GITHUB_TOKEN' })).toContainText('••••••');

  const body = await page.locator('body').innerText();
  for (const secret of secrets) expect(body).not.toContain(secret);
  await session.close();
});

import { expect, test, type Page } from '@playwright/test';
import { serverForSpec } from './support/spec-server';
import { ScriptedSession } from './support/scripted-session';

// Event data is untrusted: a producer (or a compromised agent) can put markup
// anywhere. The page must show it as literal text and never run or render it.
const server = serverForSpec();

const img = '<img src=x onerror=window.__pwned=1>';
const script = '<script>window.__pwned=1</script>';
const link = '<a href="javascript:window.__pwned=1">open</a>';
/** Each field gets its own marker, so the spec can find where each one is shown. */
const payload = (field: string) => `${field}: ${img} ${script} ${link}`;
/** The part of a payload that reads the same inside JSON (the link's quotes come out escaped there). */
const shown = (field: string) => `${field}: ${img} ${script}`;

/** Nothing from a payload became an element or ran. */
async function expectNothingInjected(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const injected = await page.evaluate(
    () => document.querySelectorAll('img[src="x"], img[onerror], script:not([src]), a[href^="javascript:"]').length,
  );
  expect(injected).toBe(0);
}

test('markup and scripts in event data show as literal text and never run', async ({ page }) => {
  const session = await ScriptedSession.open(server().wsUrl, 'untrusted');
  const title = payload(`title ${session.sessionId.slice(-8)}`);
  session
    .emit('session_sync', { session: { id: session.sessionId, title, agent: payload('agent'), metadata: { model: payload('model') } } })
    .emit('tool_call_start', { tool_call_id: 'call-x', name: 'bash', arguments: JSON.stringify({ command: payload('arguments'), nested: { html: script } }) })
    .emit('tool_call_metadata', { tool_call_id: 'call-x', name: 'bash', metadata: { note: payload('metadata') } })
    .emit('tool_call_complete', { tool_call_id: 'call-x', name: 'bash', output: payload('output'), success: false, duration_ms: 20 })
    .emit('thinking_complete', { thought: payload('thought') })
    .emit('text_complete', { text: payload('text') })
    .emit('approval_request', { approval_id: 'ap-x', tool_call_id: 'call-y', tool: 'bash', action: 'execute', resource: payload('resource'), reason: payload('reason') })
    .emit('error', { error: payload('error') });
  await session.acked();

  await page.goto(server().url);
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: title })).toBeVisible();
  await expectNothingInjected(page);

  await row.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  for (const field of ['output', 'text', 'error', 'arguments', 'reason']) {
    await expect(page.getByText(shown(field), { exact: false }).first(), `${field} shown as text`).toBeVisible();
  }
  // Thoughts start folded: present as text, shown when opened.
  await expect(page.getByText(shown('thought'), { exact: false }).first()).toBeAttached();

  // The raw JSON of an event in the log carries the payload as text too.
  const log = page.getByRole('list', { name: /^Events \(/ });
  await log.getByRole('button', { name: /text_complete/ }).click();
  await expect(log.locator('pre').filter({ hasText: shown('text') })).toBeVisible();
  await expectNothingInjected(page);

  // Live, without a reload: a streamed chunk and a tool's live output.
  session
    .emit('tool_call_start', { tool_call_id: 'call-live', name: 'bash', arguments: '{}' })
    .emit('tool_output_chunk', { tool_call_id: 'call-live', name: 'bash', stream: 'stdout', chunk: payload('chunk') })
    .emit('text_chunk', { delta: payload('delta') });
  await session.acked();
  await expect(page.getByText(payload('chunk'), { exact: false }).first()).toBeVisible();
  await expect(page.getByText(payload('delta'), { exact: false }).first()).toBeVisible();
  await expectNothingInjected(page);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expectNothingInjected(page);
  await session.close();
});

import { expect, test } from '@playwright/test';
import { ScriptedSession } from './support/scripted-session';
import { serverForSpec } from './support/spec-server';

// The transcript of a long session: virtualised, it follows the live end while
// scrolled to it, stays put when the operator scrolls up, offers "Jump to live",
// and shows each step's time (with its zone) on hover.
const server = serverForSpec();
test.use({ timezoneId: 'UTC' });

test('a long transcript follows the live end, stays put when scrolled up, and jumps back to live', async ({ page }) => {
  test.setTimeout(90_000);
  const session = await ScriptedSession.open(server().wsUrl, 'transcript');
  for (let i = 1; i <= 300; i++) {
    session.emit('text_complete', { text: `Step ${i} of a long session.` });
    if (i % 10 === 0) session.emit('tool_call_start', { tool_call_id: `call-${i}`, name: 'bash', arguments: '{"command":"ls"}' }).emit('tool_call_complete', { tool_call_id: `call-${i}`, name: 'bash', output: 'ok', success: true, duration_ms: 20 });
  }
  await session.acked();

  await page.goto(`${server().url}/sessions/${session.sessionId}`);
  const transcript = page.getByRole('region', { name: 'Transcript' });
  const steps = transcript.getByRole('list', { name: 'Steps' });
  // Opens at the latest step; only the steps in view are drawn, not all 330.
  await expect(steps.getByText('Step 300 of a long session.')).toBeVisible();
  expect(await steps.getByRole('listitem').count()).toBeLessThan(60);
  await expect(transcript.getByRole('button', { name: 'Jump to live' })).toHaveCount(0);

  // A new step while at the end: followed.
  session.emit('text_complete', { text: 'Step 301, live.' });
  await expect(steps.getByText('Step 301, live.')).toBeVisible();

  // Hovering a step shows when it happened, in the zone times are shown in.
  await steps.getByText('Step 301, live.').hover();
  await expect(steps.getByRole('listitem').filter({ hasText: 'Step 301, live.' }).locator('time')).toBeVisible();
  await expect(steps.getByRole('listitem').filter({ hasText: 'Step 301, live.' }).locator('time')).toHaveText(/^\d\d:\d\d:\d\d UTC$/);

  // Scrolled up: the view stays where the operator reads, new steps do not move it.
  await steps.hover();
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -2_000);
  const jump = transcript.getByRole('button', { name: 'Jump to live' });
  await expect(jump).toBeVisible();
  session.emit('text_complete', { text: 'Step 302, while reading.' });
  await session.acked();
  await expect(steps.getByText('Step 302, while reading.')).toHaveCount(0);
  await expect(jump).toBeVisible();

  await jump.click();
  await expect(steps.getByText('Step 302, while reading.')).toBeVisible();
  await expect(jump).toHaveCount(0);
});

import { expect, test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { ScriptedSession } from './support/scripted-session';

// Alerts against the real server and Chromium: a scripted session asks for
// approval, the header's notification centre lights up (and a browser
// notification is shown once opted in), acknowledging clears the unread count,
// and the answer to the approval clears the alert itself.
let server: ServerProcess;

test.beforeAll(async () => {
  server = await startServerProcess();
});

test.afterAll(async () => {
  await server?.stop();
});

test('an approval request lights up the notification centre; acknowledge clears it', async ({ page, context }) => {
  await context.grantPermissions(['notifications'], { origin: server.url });
  // Records every browser notification the page shows.
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(`${title}: ${options?.body ?? ''}`);
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording });
  });
  const shownNotifications = () => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);

  await page.goto(server.url);
  const bell = page.getByRole('banner').getByRole('button', { name: /^Alerts,/ });
  await expect(bell).toHaveAccessibleName('Alerts, none unread');

  // Opt in to browser notifications (a user's click, as browsers require).
  await bell.click();
  const panel = page.getByRole('region', { name: 'Alerts' });
  await expect(panel.getByText('No alerts yet.', { exact: false })).toBeVisible();
  await panel.getByRole('button', { name: 'Enable browser notifications' }).click();
  await expect(panel.getByRole('button', { name: 'Turn off browser notifications' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(bell).toBeFocused();

  const session = await ScriptedSession.open(server.wsUrl, 'alerts');
  const title = `Alerting ${session.sessionId.slice(-8)}`;
  session
    .emit('session_sync', { session: { id: session.sessionId, title, agent: 'build' } })
    .emit('approval_request', { approval_id: 'ap-e2e', tool_call_id: 'call-e2e', tool: 'bash', action: 'execute', resource: 'rm -rf build/', reason: 'destructive' });
  await session.acked();

  // With no reload: the count appears, and the browser notification names the session.
  await expect(bell).toHaveAccessibleName('Alerts, 1 unread');
  await expect(bell).toContainText('1');
  await expect.poll(shownNotifications).toEqual([`Tether Watch: Approval waiting: Session "${title}" is waiting for approval to run bash`]);

  await bell.click();
  const item = panel.getByRole('listitem').filter({ hasText: 'Approval waiting' });
  await expect(item).toContainText(`Session "${title}" is waiting for approval to run bash`);
  await expect(item.getByRole('time')).toHaveText(/\d{2}:\d{2}:\d{2} \S+$/);
  await expect(item.getByRole('link', { name: 'Open session' })).toHaveAttribute('href', `/sessions/${session.sessionId}`);
  await expect(panel.getByRole('status')).toHaveText('1 unread');

  await item.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(bell).toHaveAccessibleName('Alerts, none unread');
  await expect(bell).not.toContainText('1');
  await expect(item).toContainText('Acknowledged');
  await expect(item.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  // The operator answers: the condition is over, so the alert is marked cleared.
  session.emit('approval_decision', { approval_id: 'ap-e2e', status: 'approved', decided_by: 'operator' });
  await session.acked();
  await expect(item.getByText('Cleared')).toBeVisible();

  // The link leads to the session.
  await item.getByRole('link', { name: 'Open session' }).click();
  await expect(page).toHaveURL(`${server.url}/sessions/${session.sessionId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  expect(await shownNotifications()).toHaveLength(1);

  // The history page lists it too, and survives a reload with the same filter.
  await page.goto(`${server.url}/alerts?kind=approval_waiting`);
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('Acknowledged');
  await session.close();
});

import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionEvents, uniqueSessionId } from '../../../../server/test-support/event-factory';
import { alertPageSchema } from '../../../protocol/alert-schemas';
import { realServers, sendEvents } from '../../../test-support/real-server';
import { renderApp } from '../../../test-support/render-app';
import { NotificationCentre } from './notification-centre';

// The header's notification centre against the real server: alerts fired by
// real events (one session asks for approval, another fails), counted, listed,
// acknowledged (the server's own count follows) and followed to their session.

const servers = realServers(afterEach);

/** A server with two unread alerts: an approval waiting (fires at once) and a session error. */
async function serverWithTwoAlerts() {
  const server = await servers.start();
  const waiting = uniqueSessionId('waiting');
  const failed = uniqueSessionId('failed');
  await sendEvents(server.url, [sessionEvents(waiting)('approval_request')]);
  await sendEvents(server.url, [sessionEvents(failed)('error', { error: 'provider down' })]);
  return { server, waiting, failed };
}

async function unreadOnServer(serverUrl: string): Promise<number> {
  const response = await fetch(new URL('/api/v1/alerts', serverUrl));
  return alertPageSchema.parse(await response.json()).unread;
}

/** The kind label of each listed alert, in order. */
const kindsListed = (panel: HTMLElement) => within(panel).getAllByRole('listitem').map((item) => item.querySelector('.alert-item__kind')?.textContent);

describe('NotificationCentre', () => {
  it('counts the unread alerts on the bell and lists them newest first, each linking to its session', async () => {
    const { waiting, failed } = await serverWithTwoAlerts();
    const { user } = renderApp(<NotificationCentre />);

    const bell = await screen.findByRole('button', { name: 'Alerts, 2 unread' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Alerts' })).toBeNull();
    await user.click(bell);

    const panel = screen.getByRole('region', { name: 'Alerts' });
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    expect(within(panel).getByRole('status').textContent).toBe('2 unread');
    expect(kindsListed(panel)).toEqual(['Session error', 'Approval waiting']);
    const links = within(panel).getAllByRole('link', { name: 'Open session' }).map((link) => link.getAttribute('href'));
    expect(links).toEqual([`/sessions/${failed}`, `/sessions/${waiting}`]);
  });

  it('acknowledges alerts one at a time on the server; "Acknowledge all shown" only while more than one is unread', async () => {
    const { server } = await serverWithTwoAlerts();
    const { user } = renderApp(<NotificationCentre />);
    await user.click(await screen.findByRole('button', { name: 'Alerts, 2 unread' }));
    const panel = screen.getByRole('region', { name: 'Alerts' });
    const [newest] = within(panel).getAllByRole('listitem');

    await user.click(within(newest!).getByRole('button', { name: 'Acknowledge' }));
    await screen.findByRole('button', { name: 'Alerts, 1 unread' });
    expect(await unreadOnServer(server.url)).toBe(1);
    expect(within(panel).getAllByRole('listitem')[0]!.textContent).toContain('Acknowledged');
    // With one unread left, acknowledging "all" would be the same as its own button.
    expect(within(panel).queryByRole('button', { name: 'Acknowledge all shown' })).toBeNull();

    await user.click(within(panel).getByRole('button', { name: 'Acknowledge' }));
    await screen.findByRole('button', { name: 'Alerts, none unread' });
    expect(within(panel).getByRole('status').textContent).toBe('All read');
    expect(await unreadOnServer(server.url)).toBe(0);
  });

  it('"Acknowledge all shown" acknowledges every unread alert at once', async () => {
    const { server } = await serverWithTwoAlerts();
    const { user } = renderApp(<NotificationCentre />);
    await user.click(await screen.findByRole('button', { name: 'Alerts, 2 unread' }));

    await user.click(screen.getByRole('button', { name: 'Acknowledge all shown' }));
    await screen.findByRole('button', { name: 'Alerts, none unread' });
    expect(await unreadOnServer(server.url)).toBe(0);
    expect(screen.queryAllByRole('button', { name: 'Acknowledge' })).toHaveLength(0);
  });

  it('closes on Escape, returning focus to the bell, and on a click outside', async () => {
    await serverWithTwoAlerts();
    const { user } = renderApp(
      <>
        <p>Elsewhere on the page</p>
        <NotificationCentre />
      </>,
    );
    const bell = await screen.findByRole('button', { name: 'Alerts, 2 unread' });

    await user.click(bell);
    // Focus leaves the bell (onto a button in the panel), so Escape must bring it back.
    await user.click(within(screen.getByRole('region', { name: 'Alerts' })).getAllByRole('button', { name: 'Acknowledge' })[0]!);
    expect(document.activeElement).not.toBe(bell);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Alerts' })).toBeNull();
    expect(document.activeElement).toBe(bell);

    await user.click(bell);
    await user.click(within(screen.getByRole('region', { name: 'Alerts' })).getByRole('heading', { name: 'Alerts' }));
    expect(screen.getByRole('region', { name: 'Alerts' })).toBeTruthy();
    await user.click(screen.getByText('Elsewhere on the page'));
    expect(screen.queryByRole('region', { name: 'Alerts' })).toBeNull();
  });

  it('opens the alert\'s session and closes the panel', async () => {
    const { failed } = await serverWithTwoAlerts();
    const { user, router } = renderApp(<NotificationCentre />);
    await user.click(await screen.findByRole('button', { name: 'Alerts, 2 unread' }));

    await user.click(within(screen.getByRole('region', { name: 'Alerts' })).getAllByRole('link', { name: 'Open session' })[0]!);
    expect(router.state.location.pathname).toBe(`/sessions/${failed}`);
    expect(screen.queryByRole('region', { name: 'Alerts' })).toBeNull();
  });

  it('once opted in, shows a browser notification for an alert that fires later, never for the backlog', async () => {
    const { server } = await serverWithTwoAlerts();
    const shown: { title: string; body: string | undefined }[] = [];
    // The browser's Notification API is the edge here (jsdom has none): permission granted on request.
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'));
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
      }
      close() {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    const { user } = renderApp(<NotificationCentre />);
    await user.click(await screen.findByRole('button', { name: 'Alerts, 2 unread' }));

    await user.click(screen.getByRole('button', { name: 'Enable browser notifications' }));
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
    expect(await screen.findByRole('button', { name: 'Turn off browser notifications' })).toBeTruthy();

    await sendEvents(server.url, [sessionEvents(uniqueSessionId('later'))('compaction_failed')]);
    // The centre polls every 3 s.
    await waitFor(() => expect(shown).toEqual([{ title: 'Tether Watch: Compaction failed', body: expect.any(String) }]), { timeout: 10_000 });
    expect(screen.getByRole('button', { name: 'Alerts, 3 unread' })).toBeTruthy();
  });
});

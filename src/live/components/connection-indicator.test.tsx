import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { realServers } from '../../test-support/real-server';

// The connection indicator driven by the app's one live socket (live-connection.ts:
// jsdom's real WebSocket, the real client and store) against the real server:
// live, reconnecting with a growing back-off capped at 5 s while the server is
// down, "Retry now" trying at once, back to live when the server returns, offline
// while the browser is, and "Token required" instead of retrying when refused.

const READ_TOKEN = 'read-token-for-live-indicator';
const servers = realServers(afterEach);
let stopLive: (() => void) | null = null;
afterEach(() => {
  stopLive?.();
  stopLive = null;
});

/** The live wiring is module state (one socket per page): each test loads it afresh and starts it as the shell does. */
async function startLive() {
  vi.resetModules();
  const [live, { ConnectionIndicator }, authToken] = await Promise.all([
    import('../live-connection'),
    import('./connection-indicator'),
    import('../../lib/settings/auth-token'),
  ]);
  live.startLiveConnection();
  stopLive = live.stopLiveConnection;
  render(<ConnectionIndicator />);
  return { authToken, label: () => screen.getByRole('status'), detail: () => document.querySelector('.connection__detail')?.textContent ?? null };
}

/** `attempt 3 · retry in 2 s` as numbers; null for any other detail. */
function retryShown(detail: string | null): { attempt: number; seconds: number } | null {
  const match = /^attempt (\d+) · retry in (\d+) s$/.exec(detail ?? '');
  return match ? { attempt: Number(match[1]), seconds: Number(match[2]) } : null;
}

describe('ConnectionIndicator on the live socket', () => {
  it('is live, backs off (growing, capped at 5 s) while the server is down, and is live again when it returns', async () => {
    const server = await servers.start();
    const { label, detail } = await startLive();
    await expect.poll(() => label().textContent).toBe('Live');
    // Every countdown the indicator shows, as it shows it (a poll could miss one).
    const firstSeconds = new Map<number, number>();
    const observer = new MutationObserver(() => {
      const shown = retryShown(detail());
      if (shown && !firstSeconds.has(shown.attempt)) firstSeconds.set(shown.attempt, shown.seconds);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    await server.stop();
    await expect.poll(() => label().textContent).toBe('Reconnecting');
    await expect.poll(() => firstSeconds.has(6), { timeout: 30_000 }).toBe(true);
    observer.disconnect();
    // Each attempt's delay: 0.25–0.5 s, then 0.5–1, 1–2, 2–4, and 2.5–5 s from then on (the cap).
    // The countdown reads a shared once-a-second clock, which may be up to 1 s behind: a shown
    // figure may be 1 more than the delay. Without the cap, attempt 6 would wait 8–16 s.
    expect(firstSeconds.get(1)).toBeLessThanOrEqual(2);
    expect(firstSeconds.get(4)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...firstSeconds.values())).toBeLessThanOrEqual(6);
    expect(firstSeconds.get(6)).toBeGreaterThanOrEqual(3);

    await servers.start({ port: server.port, dir: server.dir });
    await expect.poll(() => label().textContent, { timeout: 15_000 }).toBe('Live');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
  });

  it('"Retry now" tries at once, keeping the attempt count, instead of waiting out the delay', async () => {
    const server = await servers.start();
    const { label, detail } = await startLive();
    await expect.poll(() => label().textContent).toBe('Live');
    await server.stop();
    // A countdown of 3 s or more: with the clock up to 1 s behind, the retry is still over 1 s away.
    await expect.poll(() => (retryShown(detail())?.seconds ?? 0) >= 3, { timeout: 20_000, interval: 20 }).toBe(true);
    const { attempt } = retryShown(detail())!;

    // A click, then at once (no timer can have fired): the same attempt, tried now.
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(detail()).toBe(`attempt ${attempt} · trying now`);
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
    // The server is still down: that try fails and the next waits its turn, counted once more.
    await expect.poll(() => retryShown(detail())?.attempt).toBe(attempt + 1);
  });

  it('says Offline while the browser is offline, and reconnects when it is back', async () => {
    await servers.start();
    const { label, detail } = await startLive();
    await expect.poll(() => label().textContent).toBe('Live');

    act(() => void window.dispatchEvent(new Event('offline')));
    expect(label().textContent).toBe('Offline');
    expect(detail()).toBe('waiting for network');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();

    act(() => void window.dispatchEvent(new Event('online')));
    await expect.poll(() => label().textContent).toBe('Live');
  });

  it('says "Token required" instead of retrying when the server wants a token, and connects once one is given', async () => {
    await servers.start({ env: { TETHER_READ_TOKENS: READ_TOKEN } });
    const { label, detail, authToken } = await startLive();
    await expect.poll(() => label().textContent).toBe('Token required');
    expect(detail()).toBe('sign in to see live sessions');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();

    act(() => authToken.setAuthToken(READ_TOKEN));
    await expect.poll(() => label().textContent).toBe('Live');
  });
});

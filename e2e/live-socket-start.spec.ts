import { expect, test } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// The live socket opens once the first page is on screen. Opened while the app
// started, its handshake (hello, caught up, snapshot) arrived while the first page
// rendered: three store updates, each re-rendering the shell in the middle of the
// page's first render.

const server = serverForSpec();

declare global {
  interface Window {
    /** The first page's heading when the page created its first WebSocket (null: nothing rendered yet). */
    __headingAtFirstSocket?: string | null;
  }
}

test('the live socket opens after the first page has rendered, and goes live', async ({ page }) => {
  await page.addInitScript(() => {
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        window.__headingAtFirstSocket ??= document.querySelector('main h1')?.textContent ?? null;
      }
    };
  });
  await page.goto(`${server().url}/usage?group=session`);
  await expect(page.getByRole('banner').getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  expect(await page.evaluate(() => window.__headingAtFirstSocket)).toBe('Cost');
});

import { expect, test, type Page } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// The built SPA under the server's Content-Security-Policy: every page must work
// without a single violation (Chromium reports each as a console error).
const server = serverForSpec({ demo: true });

function recordCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

/** Violations the page's code caught (e.g. a probe of `new Function`) reach no console: the page's own event sees them. */
async function recordCaughtViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test('the dashboard runs under the CSP without violations', async ({ page }) => {
  const violations = recordCspViolations(page);
  const caughtViolations = await recordCaughtViolations(page);
  const response = await page.goto(server().url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  // The live WebSocket connects: 'self' covers ws: on the same host.
  await expect(page.getByRole('banner').getByRole('status')).toHaveText('Live');
  const sessionLinks = page.getByRole('table').getByRole('rowheader').getByRole('link');
  await expect.poll(() => sessionLinks.count(), { message: 'demo sessions listed' }).toBeGreaterThanOrEqual(1);

  // A session page: transcript, charts, event log with raw JSON.
  await sessionLinks.first().click();
  await expect(page.getByRole('list', { name: /^Events \(/ }).getByText('token_usage').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('banner').getByRole('status')).toHaveText('Live');
  expect(violations).toEqual([]);
  // zod configured jitless before any schema is built: it never probes `new Function` (script-src eval).
  expect(await caughtViolations()).toEqual([]);

  // The check can see a violation: an inline script injected now is blocked and reported.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
  });
  await expect.poll(() => violations.length, { message: 'inline script reported as a CSP violation' }).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});

import { expect, test, type Page, type Request } from '@playwright/test';
import { serverForSpec } from './support/spec-server';

// The session page's first reads start while the app's code is still loading (the
// early entry, src/app/early-start.ts), and the app takes them over instead of
// asking again. Proven by holding the app's main script back until the read has been
// asked for: were the read made by the app's own code, it would never come.

const server = serverForSpec();

const tag = Math.random().toString(36).slice(2, 8);
const SESSION = `early-${tag}`;

test.beforeAll(async () => {
  const now = Date.now();
  const events = [
    { session_id: SESSION, seq: 1, ts: now - 2_000, type: 'session_sync', session: { id: SESSION, title: `Early reads ${tag}` } },
    { session_id: SESSION, seq: 2, ts: now - 1_000, type: 'token_usage', source: 'root', model: 'openai/gpt-4o', prompt_tokens: 1_200, completion_tokens: 30, duration_ms: 100 },
  ];
  const res = await fetch(`${server().url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: events.map((e) => JSON.stringify(e)).join('\n'),
  });
  expect(res.status).toBe(200);
});

/** The main entry's script (`<script type="module" src>` without `async`), from the served page. */
async function mainScriptPath(): Promise<string> {
  const html = await (await fetch(`${server().url}/`)).text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
  const main = scripts.find((attrs) => attrs.includes('type="module"') && !/\basync\b/.test(attrs));
  const src = main && /src="([^"]+)"/.exec(main)?.[1];
  if (!src) throw new Error(`no main module script in:\n${html}`);
  return src;
}

/** Holds the main script until `arrived` resolves (or 10 s pass), and records every API read. */
async function holdMainScriptUntil(page: Page, isAwaitedRead: (request: Request) => boolean): Promise<{ reads: string[]; heldBack: () => boolean }> {
  const mainPath = await mainScriptPath();
  const reads: string[] = [];
  let release!: () => void;
  const awaited = new Promise<void>((resolve) => (release = resolve));
  let timedOut = false;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/v1/')) return;
    reads.push(`${url.pathname}${url.search}`);
    if (isAwaitedRead(request)) release();
  });
  await page.route(`**${mainPath}`, async (route) => {
    await Promise.race([awaited, new Promise<void>((resolve) => setTimeout(() => ((timedOut = true), resolve()), 10_000))]);
    await route.continue();
  });
  return { reads, heldBack: () => !timedOut };
}

test('the session page reads its events before the app has loaded, and once', async ({ page }) => {
  const eventsPath = `/api/v1/sessions/${SESSION}/events`;
  const held = await holdMainScriptUntil(page, (request) => new URL(request.url()).pathname === eventsPath);
  await page.goto(`${server().url}/sessions/${SESSION}`);
  await expect(page.getByRole('list', { name: /^Events/ }).getByRole('listitem').first()).toBeVisible();
  expect(held.heldBack(), 'the events read was asked for only after the app had loaded').toBe(true);
  expect(held.reads.filter((read) => read.startsWith(`${eventsPath}?order=desc&limit=200`))).toHaveLength(1);
  expect(held.reads.filter((read) => read === `/api/v1/sessions/${SESSION}`).length).toBeGreaterThanOrEqual(1);
});

test('the Cost page reads its table before the app has loaded, and once', async ({ page }) => {
  const isTableRead = (read: string) => read.startsWith('/api/v1/usage?group_by=session&');
  const held = await holdMainScriptUntil(page, (request) => {
    const url = new URL(request.url());
    return isTableRead(`${url.pathname}${url.search}`);
  });
  await page.goto(`${server().url}/usage?group=session&session=${SESSION}`);
  const table = page.getByRole('table', { name: 'Usage by session' });
  await expect(table.getByRole('rowheader', { name: new RegExp(`Early reads ${tag}`) })).toBeVisible();
  expect(held.heldBack(), 'the table read was asked for only after the app had loaded').toBe(true);
  expect(held.reads.filter(isTableRead)).toHaveLength(1);
});

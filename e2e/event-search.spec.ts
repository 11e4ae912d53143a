import { expect, test, type Page } from '@playwright/test';
import { ScriptedSession } from './support/scripted-session';
import { serverForSpec } from './support/spec-server';

// Issue 14: the event log's Find searches everything stored, not only the
// newest 1,000 events it loads, says how much it searched, and jumps to a match.
const server = serverForSpec();

const STORED = 5_000;
const eventLog = (page: Page) => page.getByRole('region', { name: 'Event log' });

/** A session of STORED stored events sent through the ingest API, the marker in one of the oldest. */
async function seedSession(url: string, sessionId: string, marker: string, markerSeq: number): Promise<void> {
  const t0 = Date.now() - STORED * 1000;
  const lines = Array.from({ length: STORED }, (_, i) => {
    const seq = i + 1;
    const text = seq === markerSeq ? `Found the cause: ${marker} in the config loader` : `Reply ${seq}: nothing to see here`;
    return JSON.stringify({ session_id: sessionId, seq, ts: t0 + i * 1000, type: 'text_complete', text });
  });
  for (let i = 0; i < lines.length; i += 1_000) {
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: lines.slice(i, i + 1_000).join('\n'),
    });
    expect(res.status).toBe(200);
  }
}

test('the event log finds a string that lies beyond the loaded window, and jumps to it', async ({ page }) => {
  // Seeding and loading 5,000 events takes a while on a busy machine.
  test.setTimeout(120_000);
  const unique = Math.random().toString(36).slice(2, 10);
  const sessionId = `search-${unique}`;
  const marker = `Needle-${unique}`;
  await seedSession(server().url, sessionId, marker, 20);

  await page.goto(`${server().url}/sessions/${sessionId}`);
  const log = eventLog(page);
  // Only the newest 1,000 are loaded: the marker (seq 20) is not among them.
  await expect(log.getByText('1,000 events', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Load 10,000 earlier events' })).toBeVisible();

  const find = log.getByLabel('Find');
  await find.fill(marker.toLowerCase());
  await expect(log.getByText('No loaded event matches.')).toBeVisible();
  const results = log.getByRole('region', { name: 'Search of all stored events' });
  await expect(results.getByRole('status')).toHaveText(`1 match in all ${STORED.toLocaleString('en-US')} stored events`);
  const match = results.getByRole('button', { name: new RegExp(marker) });
  await expect(match).toContainText('text_complete');

  // Enter goes to the first match: the stored events around it, the match open and marked.
  await find.press('Enter');
  await expect(log.getByText('Showing the stored events around match seq 20, which is older than the loaded log.')).toBeVisible();
  const events = log.getByRole('list', { name: /^Events \(/ });
  const chosen = events.locator('li[aria-current="true"]');
  await expect(chosen).toContainText(`Found the cause: ${marker}`);
  await expect(chosen.getByText(`"text": "Found the cause: ${marker} in the config loader"`)).toBeVisible();
  await expect(match).toHaveAttribute('aria-current', 'true');

  // Back to the log; Escape clears the Find and with it the search.
  await log.getByRole('button', { name: 'Back to the log' }).click();
  await find.press('Escape');
  await expect(find).toHaveValue('');
  await expect(results).toBeHidden();
  await expect(log.getByText('1,000 events', { exact: true })).toBeVisible();

  // Scrolling to the top of the log loads earlier events, in large steps (as the
  // "Load 10,000 earlier events" button does): one step loads the whole of this
  // session, and the Find then filters what is loaded, at once.
  await log.locator('.timeline__scroll').evaluate((element) => element.scrollTo({ top: 0 }));
  await expect(log.getByText(`${STORED.toLocaleString('en-US')} events`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load 10,000 earlier events' })).toBeHidden();
  await find.fill(marker);
  await expect(log.getByText(`1 of ${STORED.toLocaleString('en-US')} events`, { exact: true })).toBeVisible();
  await expect(results).toBeHidden();
  await expect(events.getByText(`Found the cause: ${marker} in the config loader`)).toBeVisible();
});

test('typing fast into the event log\'s Find keeps every character while the session streams', async ({ page }) => {
  test.setTimeout(120_000);
  const session = await ScriptedSession.open(server().wsUrl, 'find-typist');
  session.emit('session_sync', { session: { id: session.sessionId, title: 'Find typist', agent: 'storm' } });
  session.emit('text_complete', { text: 'The loader reads config.toml first' });
  await session.acked();
  let streaming = true;
  // About 500 events a second of the working mix: streamed text, and a stored event now and then.
  const storm = (async () => {
    for (let beat = 0; streaming; beat++) {
      for (let i = 0; i < 9; i++) session.emit('text_chunk', { delta: `chunk ${beat}.${i} ` });
      session.emit(beat % 5 === 0 ? 'token_usage' : 'thinking', {});
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await page.goto(`${server().url}/sessions/${session.sessionId}`);
    const log = eventLog(page);
    const find = log.getByLabel('Find');
    await expect(find).toBeVisible();
    const typed = 'config.toml first';
    // 30 ms a key, as an operator types; the log takes each keystroke while frames of events arrive.
    await find.pressSequentially(typed, { delay: 30 });
    await expect(find).toHaveValue(typed);
    await expect(log.getByText(/^1 of [\d,]+ events$/)).toBeVisible();
  } finally {
    streaming = false;
    await storm;
    await session.close();
  }
});

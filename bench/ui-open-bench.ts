import { chromium, type Browser } from '@playwright/test';
import { storedMixedEvent } from './event-mix';
import { seedEvents, startBenchServer } from './ingest-seed';
import { chromiumFlags, chromiumPath, longestTaskMs, measureFrames, newMeasuredPage, readyAtMs, type FrameFigures } from './page-measure';
import { openPage, stopAndClean, tag } from './ui-bench';
import { startPacedProducer } from './ui-producer';

// Pages over a large store: opening a 100,000-event session, the Cost page
// grouped by 2,000 sessions, and the overview over 20,000 stored sessions while
// 1,000 of them update live.

export interface OpenFigures {
  /** Navigation start to transcript and event log drawn, the main thread free to draw. */
  sessionOpenMs: number;
  sessionOpenLongestTaskMs: number;
  /** Frame rate scrolling the event log just after it opened. */
  eventLogScrollFps: number;
  costTableMs: number;
  costTableLongestTaskMs: number;
  /** The same-run reference: navigation to a page that reads nothing (not found) until its heading shows. */
  appStartMs: number;
}

export function* sessionHistory(sessionId: string, count: number): Generator<Record<string, unknown>> {
  const t0 = Date.now() - count * 10;
  for (let n = 0; n < count; n++) {
    const seq = n + 1;
    yield { session_id: sessionId, seq, ts: t0 + n * 10, ...storedMixedEvent(n, seq) };
  }
}

export function* usageSessions(prefix: string, count: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < count; i++) {
    const session_id = `${prefix}-${i}`;
    yield { session_id, seq: 1, ts: Date.now(), type: 'text_complete', text: `session ${i}` };
    yield { session_id, seq: 2, ts: Date.now(), type: 'token_usage', source: 'root', model: i % 2 ? 'openai/gpt-5' : 'anthropic/claude-sonnet-4', prompt_tokens: 1_000 + i, completion_tokens: 200, duration_ms: 500 };
  }
}

export const sessionReady = `document.querySelector('ol[aria-label="Steps"] li[data-kind]') && document.querySelector('ol[aria-label^="Events"] li')`;
export const notFoundReady = `document.querySelector('main h1')?.textContent === 'Page not found'`;
export const costReady = `(() => { const caption = [...document.querySelectorAll('caption')].find((c) => c.textContent === 'Usage by session'); return caption !== undefined && caption.closest('table').querySelectorAll('tbody th[scope="row"]').length >= 5; })()`;

export async function benchOpen(opts: { sessionEvents: number; costSessions: number }): Promise<OpenFigures> {
  const server = await startBenchServer({ TETHER_INGEST_EVENTS_PER_SECOND: '0' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const bigId = `ui-big-${tag()}`;
    await seedEvents(server.wsUrl, sessionHistory(bigId, opts.sessionEvents), 5_000);
    await seedEvents(server.wsUrl, usageSessions(`ui-cost-${tag()}`, opts.costSessions), 5_000);

    await warmBrowser(browser, server.url);
    const page = await newMeasuredPage(browser);
    await page.goto(`${server.url}/sessions/${bigId}`);
    const sessionOpenMs = await readyAtMs(page, sessionReady);
    await new Promise((r) => setTimeout(r, 1500));
    const sessionOpenLongestTaskMs = await longestTaskMs(page);
    // Scroll the event log up by a row per frame for two seconds, as a reader would.
    const scrolling = page.evaluate(`(() => { const el = document.querySelector('.timeline__scroll'); const t0 = performance.now(); const step = () => { if (!el || performance.now() - t0 > 2000) return; el.scrollTop -= 40; requestAnimationFrame(step); }; requestAnimationFrame(step); })()`);
    const scroll: FrameFigures = await measureFrames(page, 2000);
    await scrolling;
    await page.close();

    const cost = await measureCostTable(browser, server.url);
    return { sessionOpenMs, sessionOpenLongestTaskMs, eventLogScrollFps: scroll.fps, ...cost };
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

/**
 * One load of a page that reads nothing, not measured, in a browser just launched. The
 * first page a new browser opens pays for the browser's own start (about 20-50 ms more
 * here, for whichever page comes first), which no change to the app can touch and an
 * operator's running browser does not pay. The measured pages came first and bore it,
 * their same-run reference came second and did not. Each page has its own context (its
 * own cache and renderer): the browser holds nothing of the app's for the pages measured after.
 */
export async function warmBrowser(browser: Browser, serverUrl: string): Promise<void> {
  const page = await newMeasuredPage(browser);
  await page.goto(`${serverUrl}/bench-no-such-page`);
  await readyAtMs(page, notFoundReady);
  await page.close();
}

/**
 * Navigation to the Cost page grouped by session until its table shows rows, and the longest
 * task of the first second after; then, in the same browser against the same server, the
 * reference: the app's start-up alone (a page that reads nothing), the floor under the figure.
 */
async function measureCostTable(browser: Browser, serverUrl: string): Promise<Pick<OpenFigures, 'costTableMs' | 'costTableLongestTaskMs' | 'appStartMs'>> {
  const cost = await newMeasuredPage(browser);
  await cost.goto(`${serverUrl}/usage?group=session`);
  const costTableMs = await readyAtMs(cost, costReady);
  await new Promise((r) => setTimeout(r, 1000));
  const costTableLongestTaskMs = await longestTaskMs(cost);
  await cost.close();
  const start = await newMeasuredPage(browser);
  await start.goto(`${serverUrl}/bench-no-such-page`);
  const appStartMs = await readyAtMs(start, notFoundReady);
  await start.close();
  return { costTableMs, costTableLongestTaskMs, appStartMs };
}

/** The Cost page alone (`BENCH_UI_PARTS=cost`): `costSessions` sessions with usage, nothing else stored. */
export async function benchCostTable(opts: { costSessions: number }): Promise<Pick<OpenFigures, 'costTableMs' | 'costTableLongestTaskMs' | 'appStartMs'>> {
  const server = await startBenchServer({ TETHER_INGEST_EVENTS_PER_SECOND: '0' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    await seedEvents(server.wsUrl, usageSessions(`ui-cost-${tag()}`, opts.costSessions), 5_000);
    await warmBrowser(browser, server.url);
    return await measureCostTable(browser, server.url);
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

/** The overview over `stored` sessions while `live` of them receive `ratePerS` events/s of the realistic mix. */
export async function benchOverview(opts: { stored: number; live: number; ratePerS: number; seconds: number }): Promise<FrameFigures & { appliedPerS: number }> {
  const server = await startBenchServer({ TETHER_INGEST_EVENTS_PER_SECOND: '0' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const prefix = `ui-fleet-${tag()}`;
    const ids = Array.from({ length: opts.stored }, (_, i) => `${prefix}-${i}`);
    await seedEvents(
      server.wsUrl,
      ids.map((session_id, i) => ({ session_id, seq: 1, ts: Date.now() - (opts.stored - i) * 1000, type: 'text_complete', text: `session ${i}` })),
      5_000,
    );
    const live = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: ids.slice(-opts.live), ratePerS: opts.ratePerS, firstSeq: 2, mix: 'realistic' });
    const page = await openPage(browser, `${server.url}/?bench`);
    await new Promise((r) => setTimeout(r, 2000));
    await page.evaluate(() => window.__tetherBench!.reset());
    const frames = await measureFrames(page, opts.seconds * 1000);
    const appliedPerS = (await page.evaluate(() => window.__tetherBench!.applied)) / opts.seconds;
    await live.stop();
    await page.close();
    return { ...frames, appliedPerS };
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

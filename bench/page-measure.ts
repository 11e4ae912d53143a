import type { Browser, Page } from '@playwright/test';

// What the browser benchmarks measure inside a page. Page code is passed as
// strings, not functions: tsx's name-keeping helper (`__name`) would not exist
// inside the page.

/**
 * Local Network Access checks off: the reference page is served through
 * Playwright routing, which gives it no address space, and Chromium would then
 * refuse its WebSocket to 127.0.0.1. The SPA itself is same-origin either way.
 */
export const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-features=LocalNetworkAccessChecks'];
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface FrameFigures {
  fps: number;
  /** The longest gap between two animation frames. */
  maxFrameMs: number;
  /** Share of the window spent in long tasks (> 50 ms), 0-1. */
  longTaskShare: number;
}

/** Long tasks from the start of the page, in `window.__longTasks` ([start, duration] pairs). */
const longTaskRecorder = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

export async function newMeasuredPage(browser: Browser): Promise<Page> {
  // bypassCSP: the SPA's policy forbids string evaluation, which waitForFunction needs (readyAtMs).
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
  await page.addInitScript(longTaskRecorder);
  return page;
}

/** Counts animation frames inside the page for `ms`, with the longest frame and the long-task share of the window. */
export async function measureFrames(page: Page, ms: number): Promise<FrameFigures> {
  return page.evaluate<FrameFigures>(`new Promise((resolve) => {
    let frames = 0;
    let last = 0;
    let maxFrameMs = 0;
    const start = performance.now();
    const tick = (t) => {
      if (last > 0) maxFrameMs = Math.max(maxFrameMs, t - last);
      last = t;
      if (t - start >= ${ms}) {
        const longMs = (window.__longTasks || []).reduce((sum, [s, d]) => sum + Math.max(0, Math.min(s + d, t) - Math.max(s, start)), 0);
        return resolve({ fps: (frames * 1000) / (t - start), maxFrameMs, longTaskShare: longMs / (t - start) });
      }
      frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
}

/** The longest long task the page has had so far (0 when none). */
export async function longestTaskMs(page: Page): Promise<number> {
  return page.evaluate<number>(`(window.__longTasks || []).reduce((max, [, d]) => Math.max(max, d), 0)`);
}

/**
 * Waits (polling once per animation frame, so only when the main thread is
 * free to draw) until `predicate` (page code, an expression) holds, and
 * returns when that was in ms since navigation start.
 */
export async function readyAtMs(page: Page, predicate: string, timeoutMs = 60_000): Promise<number> {
  const handle = await page.waitForFunction(`(() => { if (!(${predicate})) return false; return performance.now(); })()`, undefined, { polling: 'raf', timeout: timeoutMs });
  return (await handle.jsonValue()) as number;
}

import fs from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { percentile } from './stats';
import { startPacedProducer } from './ui-producer';

// The SPA in Chromium against the real server: frame rate idle and under a
// text storm, ingest-to-paint latency, and heap after a million events.

const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface UiFigures {
  fpsIdle: number;
  fpsStorm: number;
  paintP50: number;
  paintP99: number;
  paintSamples: number;
  /** Events the page applied per second during the storm: proof the storm reached it. */
  stormAppliedPerS: number;
}

/**
 * Counts animation frames inside the page for `ms`. A string, not a function:
 * tsx's name-keeping helper (`__name`) would not exist inside the page.
 */
async function measureFps(page: Page, ms: number): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = (t) => {
      if (t - start >= ${ms}) return resolve((frames * 1000) / (t - start));
      frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
}

async function seedSession(wsUrl: string, sessionId: string, title: string): Promise<void> {
  const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
  await new Promise((resolve) => socket.once('open', resolve));
  const acked = new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ session_id: sessionId, seq: 1, ts: Date.now(), type: 'text_complete', text: title }));
  await acked;
  socket.close();
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.getByRole('banner').getByRole('status').filter({ hasText: 'Live' }).waitFor();
  await page.waitForFunction(() => window.__tetherBench !== undefined);
  return page;
}

const tag = () => Math.random().toString(36).slice(2, 8);

/** fps idle vs one session streaming `stormRate` text chunks/s; paint latency at 2,000 events/s over 20 sessions. */
export async function benchUi(opts: { stormRate: number; latencyRate: number; seconds: number }): Promise<UiFigures> {
  const server = await startServerProcess();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumFlags });
  try {
    const stormId = `ui-storm-${tag()}`;
    await seedSession(server.wsUrl, stormId, 'storm');
    const page = await openPage(browser, `${server.url}/sessions/${stormId}?bench`);
    await page.getByRole('region', { name: 'Transcript' }).waitFor();
    const fpsIdle = await measureFps(page, opts.seconds * 1000);
    const storm = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: [stormId], ratePerS: opts.stormRate, firstSeq: 2 });
    await new Promise((r) => setTimeout(r, 1000));
    await page.evaluate(() => window.__tetherBench!.reset());
    const fpsStorm = await measureFps(page, opts.seconds * 1000);
    const stormAppliedPerS = (await page.evaluate(() => window.__tetherBench!.applied)) / opts.seconds;
    await storm.stop();
    await page.close();

    const ids = Array.from({ length: 20 }, (_, i) => `ui-lat-${tag()}-${i}`);
    const overview = await openPage(browser, `${server.url}/?bench`);
    const load = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: ids, ratePerS: opts.latencyRate, usageEvery: 10 });
    await new Promise((r) => setTimeout(r, 1000));
    await overview.evaluate(() => window.__tetherBench!.reset());
    await new Promise((r) => setTimeout(r, opts.seconds * 1000));
    const latencies = await overview.evaluate(() => window.__tetherBench!.latencies);
    await load.stop();
    return { fpsIdle, fpsStorm, paintP50: percentile(latencies, 50), paintP99: percentile(latencies, 99), paintSamples: latencies.length, stormAppliedPerS };
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** Heap (after GC) while `total` events stream over 20 sessions, one of them open; checkpoints show whether it stays flat. */
export async function benchHeap(opts: { total: number; ratePerS: number; overview?: boolean; onCheckpoint?: (sent: number, mb: number) => void }): Promise<{ startMb: number; endMb: number; applied: number }> {
  const server = await startServerProcess();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumFlags });
  try {
    const ids = Array.from({ length: 20 }, (_, i) => `ui-heap-${tag()}-${i}`);
    await seedSession(server.wsUrl, ids[0]!, 'heap');
    const page = await openPage(browser, opts.overview ? `${server.url}/?bench` : `${server.url}/sessions/${ids[0]}?bench`);
    await page.evaluate(() => {
      window.__tetherBench!.recording = false;
    });
    const startMb = await heapMb(page);
    const producer = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: ids, ratePerS: opts.ratePerS, firstSeq: 2, limit: opts.total });
    let next = opts.total / 4;
    while (producer.sent() < opts.total) {
      await new Promise((r) => setTimeout(r, 1000));
      if (producer.sent() >= next) {
        opts.onCheckpoint?.(producer.sent(), await heapMb(page));
        next += opts.total / 4;
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    await producer.stop();
    const endMb = await heapMb(page);
    const applied = await page.evaluate(() => window.__tetherBench!.applied);
    return { startMb, endMb, applied };
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

async function stopAndClean(server: ServerProcess): Promise<void> {
  await server.stop();
  fs.rmSync(server.dir, { recursive: true, force: true });
}

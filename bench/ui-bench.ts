import fs from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { chromiumFlags, chromiumPath, measureFrames, newMeasuredPage, type FrameFigures } from './page-measure';
import { openReferencePage, referenceApplied, resetReferenceApplied } from './reference-page';
import { percentile } from './stats';
import { startBenchServer } from './ingest-seed';
import { startPacedProducer } from './ui-producer';

// The SPA in Chromium against the real server: frame rate idle, under a text
// storm and under the realistic mix, each against the reference page in the
// same run; ingest-to-paint latency; heap after a million events.

export interface PairFigures {
  page: FrameFigures;
  reference: FrameFigures;
  /** Events each applied per second while measured: proof the stream reached them. */
  pageAppliedPerS: number;
  referenceAppliedPerS: number;
}

export interface UiFigures {
  fpsIdle: number;
  storm: PairFigures;
  mixed: PairFigures;
  paintP50: number;
  paintP99: number;
  paintSamples: number;
}

async function measureFps(page: Page, ms: number): Promise<number> {
  return (await measureFrames(page, ms)).fps;
}

export async function seedSession(wsUrl: string, sessionId: string, title: string): Promise<void> {
  const socket = new WebSocket(`${wsUrl}/api/v1/ingest`);
  await new Promise((resolve) => socket.once('open', resolve));
  const acked = new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ session_id: sessionId, seq: 1, ts: Date.now(), type: 'text_complete', text: title }));
  await acked;
  socket.close();
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await newMeasuredPage(browser);
  await page.goto(url);
  await page.getByRole('banner').getByRole('status').filter({ hasText: 'Live' }).waitFor();
  await page.waitForFunction(() => window.__tetherBench !== undefined);
  return page;
}

export const tag = () => Math.random().toString(36).slice(2, 8);

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The session page and the reference page, one after the other (never both
 * open: they would share the CPU), while the same stream runs.
 */
async function measurePair(browser: Browser, serverUrl: string, sessionId: string, seconds: number): Promise<PairFigures> {
  const ref = await newMeasuredPage(browser);
  await openReferencePage(ref, serverUrl);
  await settle(1000);
  await resetReferenceApplied(ref);
  const reference = await measureFrames(ref, seconds * 1000);
  const referenceAppliedPerS = (await referenceApplied(ref)) / seconds;
  await ref.close();

  const page = await openPage(browser, `${serverUrl}/sessions/${sessionId}?bench`);
  await page.getByRole('region', { name: 'Transcript' }).waitFor();
  await settle(1000);
  await page.evaluate(() => window.__tetherBench!.reset());
  const measured = await measureFrames(page, seconds * 1000);
  const pageAppliedPerS = (await page.evaluate(() => window.__tetherBench!.applied)) / seconds;
  await page.close();
  return { page: measured, reference, pageAppliedPerS, referenceAppliedPerS };
}

/**
 * fps idle; a session streaming `stormRate` text chunks/s and one receiving
 * `mixedRate` events/s of the realistic mix (bench/event-mix.ts), each against
 * the reference page; paint latency at `latencyRate` events/s over 20 sessions.
 */
export async function benchUi(opts: { stormRate: number; mixedRate: number; latencyRate: number; seconds: number }): Promise<UiFigures> {
  const server = await startBenchServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const stormId = `ui-storm-${tag()}`;
    await seedSession(server.wsUrl, stormId, 'storm');
    const idlePage = await openPage(browser, `${server.url}/sessions/${stormId}?bench`);
    await idlePage.getByRole('region', { name: 'Transcript' }).waitFor();
    const fpsIdle = await measureFps(idlePage, opts.seconds * 1000);
    await idlePage.close();

    const storm = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: [stormId], ratePerS: opts.stormRate, firstSeq: 2 });
    const stormPair = await measurePair(browser, server.url, stormId, opts.seconds);
    await storm.stop();

    const mixedId = `ui-mixed-${tag()}`;
    await seedSession(server.wsUrl, mixedId, 'mixed');
    const mixed = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: [mixedId], ratePerS: opts.mixedRate, firstSeq: 2, mix: 'realistic' });
    const mixedPair = await measurePair(browser, server.url, mixedId, opts.seconds);
    await mixed.stop();

    const ids = Array.from({ length: 20 }, (_, i) => `ui-lat-${tag()}-${i}`);
    const overview = await openPage(browser, `${server.url}/?bench`);
    const load = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: ids, ratePerS: opts.latencyRate, usageEvery: 10 });
    await settle(1000);
    await overview.evaluate(() => window.__tetherBench!.reset());
    await settle(opts.seconds * 1000);
    const latencies = await overview.evaluate(() => window.__tetherBench!.latencies);
    await load.stop();
    return { fpsIdle, storm: stormPair, mixed: mixedPair, paintP50: percentile(latencies, 50), paintP99: percentile(latencies, 99), paintSamples: latencies.length };
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
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
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

export async function stopAndClean(server: ServerProcess): Promise<void> {
  await server.stop();
  fs.rmSync(server.dir, { recursive: true, force: true });
}

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startServerProcess } from '../server/test-support/server-process';
import { storedMixedEvent } from './event-mix';
import { seedEvents } from './ingest-seed';
import { chromiumFlags, chromiumPath, longestTaskMs, measureFrames, newMeasuredPage, readyAtMs } from './page-measure';
import { openPage, seedSession, stopAndClean, tag } from './ui-bench';
import { startPacedProducer } from './ui-producer';

// `node --import tsx bench/ui-profile.ts [out-dir]`: a CPU profile of the
// session page (and a Chromium trace) while it receives BENCH_PROFILE_RATE
// events/s of the realistic mix (default 2,000), and the functions with the most
// self time. Build the SPA unminified for readable names:
// `npx vite build --minify false --outDir /tmp/dist-prof` and TETHER_STATIC_DIR=/tmp/dist-prof.

const outDir = process.argv[2] ?? '/tmp/tether-ui-profile';
const rate = Number(process.env.BENCH_PROFILE_RATE ?? 2_000);
const seconds = Number(process.env.BENCH_UI_SECONDS ?? 5);
const mix = process.env.BENCH_PROFILE_MIX === 'text' ? 'text' : 'realistic';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function topSelfTime(profile: CpuProfile, count: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

/** `BENCH_PROFILE_OPEN=<events>`: instead, profile opening a session of that many stored events. */
async function profileOpen(events: number): Promise<void> {
  const server = await startServerProcess({ env: { TETHER_INGEST_EVENTS_PER_SECOND: '0' } });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const id = `ui-prof-open-${tag()}`;
    const t0 = Date.now() - events * 10;
    await seedEvents(server.wsUrl, Array.from({ length: events }, (_, n) => ({ session_id: id, seq: n + 1, ts: t0 + n * 10, ...storedMixedEvent(n, n + 1) })), 5_000);
    const page = await newMeasuredPage(browser);
    await page.goto(`${server.url}/`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.evaluate(`history.pushState(null, '', '/sessions/${id}'); dispatchEvent(new PopStateEvent('popstate'))`);
    const ready = await readyAtMs(page, `document.querySelector('ol[aria-label="Steps"] li[data-kind]') && document.querySelector('ol[aria-label^="Events"] li')`);
    await new Promise((r) => setTimeout(r, 1500));
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    fs.writeFileSync(path.join(outDir, 'open.cpuprofile'), JSON.stringify(profile));
    console.log(`open ${events} events: ready at ${Math.round(ready)} ms since load, longest task ${Math.round(await longestTaskMs(page))} ms`);
    console.log(topSelfTime(profile, 40).join('\n'));
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

/** `BENCH_PROFILE_COST=<sessions>`: instead, profile the Cost page grouped by that many sessions. */
async function profileCost(sessions: number): Promise<void> {
  const server = await startServerProcess({ env: { TETHER_INGEST_EVENTS_PER_SECOND: '0' } });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const events = Array.from({ length: sessions }, (_, i) => [
      { session_id: `cost-${i}`, seq: 1, ts: Date.now(), type: 'text_complete', text: `session ${i}` },
      { session_id: `cost-${i}`, seq: 2, ts: Date.now(), type: 'token_usage', source: 'root', model: 'openai/gpt-5', prompt_tokens: 1_000 + i, completion_tokens: 200, duration_ms: 500 },
    ]).flat();
    await seedEvents(server.wsUrl, events, 5_000);
    const page = await newMeasuredPage(browser);
    await page.goto(`${server.url}/`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const t0 = await page.evaluate<number>('performance.now()');
    await page.evaluate(`history.pushState(null, '', '/usage?group=session'); dispatchEvent(new PopStateEvent('popstate'))`);
    const ready = await readyAtMs(page, `(() => { const c = [...document.querySelectorAll('caption')].find((c) => c.textContent === 'Usage by session'); return c !== undefined && c.closest('table').querySelectorAll('tbody tr').length >= 20; })()`);
    await new Promise((r) => setTimeout(r, 1000));
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    fs.writeFileSync(path.join(outDir, 'cost.cpuprofile'), JSON.stringify(profile));
    console.log(`cost table over ${sessions} sessions: ${Math.round(ready - t0)} ms after navigation, longest task ${Math.round(await longestTaskMs(page))} ms`);
    console.log(topSelfTime(profile, 40).join('\n'));
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  if (process.env.BENCH_PROFILE_COST) return profileCost(Number(process.env.BENCH_PROFILE_COST));
  if (process.env.BENCH_PROFILE_OPEN) return profileOpen(Number(process.env.BENCH_PROFILE_OPEN));
  const server = await startServerProcess();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  try {
    const id = `ui-prof-${tag()}`;
    await seedSession(server.wsUrl, id, 'profile');
    const producer = await startPacedProducer({ wsUrl: server.wsUrl, sessionIds: [id], ratePerS: rate, firstSeq: 2, mix });
    const page = await openPage(browser, `${server.url}/sessions/${id}?bench`);
    await new Promise((r) => setTimeout(r, 2000));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await browser.startTracing(page, { path: path.join(outDir, 'trace.json'), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
    await cdp.send('Profiler.start');
    const frames = await measureFrames(page, seconds * 1000);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    await browser.stopTracing();
    fs.writeFileSync(path.join(outDir, 'page.cpuprofile'), JSON.stringify(profile));
    console.log(`${mix} at ${rate}/s: ${frames.fps.toFixed(1)} fps, longest frame ${Math.round(frames.maxFrameMs)} ms, long tasks ${Math.round(frames.longTaskShare * 100)} %`);
    console.log(topSelfTime(profile, 40).join('\n'));
    await producer.stop();
  } finally {
    await browser.close();
    await stopAndClean(server);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

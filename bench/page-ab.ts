import { chromium } from '@playwright/test';
import { seedEvents, startBenchServer } from './ingest-seed';
import { chromiumFlags, chromiumPath, newMeasuredPage, readyAtMs } from './page-measure';
import { stopAndClean, tag } from './ui-bench';
import { costReady, notFoundReady, sessionHistory, sessionReady, usageSessions, warmBrowser } from './ui-open-bench';

// Two builds of the SPA, one page, cold loads in alternation: one server per build
// (`TETHER_STATIC_DIR`), each seeded alike, the same browser, so the machine's
// swing falls on both. On this shared 2-core machine a page's load time swings by
// more than most changes to it; `npm run bench`'s few runs cannot tell two builds
// apart, many alternating pairs can.
//
//   BUILDS=/tmp/dist-before,dist PAGE=cost PAIRS=30 node --import tsx bench/page-ab.ts
//
// PAGE: cost (the Cost page grouped by session over 2,000 sessions), session (a
// 20,000-event session) or start (the app's start-up alone, a page that reads nothing).

const pages = {
  cost: { path: '/usage?group=session', ready: costReady },
  session: { path: '/sessions/ab-session', ready: sessionReady },
  start: { path: '/bench-no-such-page', ready: notFoundReady },
} as const;

const builds = (process.env.BUILDS ?? '').split(',').filter(Boolean);
const pageName = (process.env.PAGE ?? 'cost') as keyof typeof pages;
const page = pages[pageName];
const pairs = Number(process.env.PAIRS ?? 20);
if (builds.length !== 2 || !page) throw new Error('BUILDS=dirA,dirB (two built SPAs) and PAGE=cost|session|start');

const servers = [];
for (const dir of builds) {
  const server = await startBenchServer({ TETHER_INGEST_EVENTS_PER_SECOND: '0', TETHER_STATIC_DIR: dir, TETHER_DEMO: '0' });
  await seedEvents(server.wsUrl, usageSessions(`ab-${tag()}`, 2_000), 5_000);
  if (pageName === 'session') await seedEvents(server.wsUrl, sessionHistory('ab-session', 20_000), 5_000);
  servers.push(server);
}
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
const times: number[][] = [[], []];
try {
  // The first pair would otherwise bear the new browser's own start, for one build only.
  await warmBrowser(browser, servers[0]!.url);
  for (let i = 0; i < pairs; i++) {
    // Each build goes first in every other pair.
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const tab = await newMeasuredPage(browser);
      await tab.goto(servers[k]!.url + page.path);
      times[k]!.push(Math.round(await readyAtMs(tab, page.ready)));
      await tab.close();
    }
  }
} finally {
  await browser.close();
  for (const server of servers) await stopAndClean(server);
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const differences = times[0]!.map((a, i) => a - times[1]![i]!);
builds.forEach((dir, k) => console.log(`${dir}: median ${median(times[k]!)} ms (${times[k]!.join(' ')})`));
console.log(`${builds[1]} against ${builds[0]}: median difference ${median(differences)} ms, faster in ${differences.filter((d) => d > 0).length} of ${pairs} pairs`);

import os from 'node:os';
import { writeResults } from './results-file';
import { median, round } from './stats';
import { benchHeap, benchUi, type UiFigures } from './ui-bench';

const HEAP_EVENTS = Number(process.env.BENCH_HEAP_EVENTS ?? 1_000_000);
const HEAP_RATE = Number(process.env.BENCH_HEAP_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 5);

/** The browser half of `npm run bench`: medians of `runs` for frame rate and latency, one heap run. */
export async function runUiBench(runs: number): Promise<void> {
  const uiRuns: UiFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await benchUi({ stormRate: 5_000, latencyRate: 2_000, seconds: SECONDS });
    uiRuns.push(r);
    console.log(
      `  ui run ${i + 1}/${runs}: ${round(r.fpsIdle, 1)} fps idle, ${round(r.fpsStorm, 1)} fps at 5,000 text_chunk/s (${Math.round(r.stormAppliedPerS)} applied/s); paint p50 ${round(r.paintP50)} ms, p99 ${round(r.paintP99)} ms over ${r.paintSamples} events`,
    );
  }
  const heap = await benchHeap({
    total: HEAP_EVENTS,
    ratePerS: HEAP_RATE,
    onCheckpoint: (sent, mb) => console.log(`  heap after ${sent.toLocaleString('en-US')} events: ${round(mb, 1)} MB`),
  });
  const figures = {
    ui_fps_idle: round(median(uiRuns.map((r) => r.fpsIdle)), 1),
    ui_fps_storm: round(median(uiRuns.map((r) => r.fpsStorm)), 1),
    paint_p50_ms: round(median(uiRuns.map((r) => r.paintP50))),
    paint_p99_ms: round(median(uiRuns.map((r) => r.paintP99))),
    heap_after_1m_mb: round(heap.endMb, 1),
  };
  console.log('\nTether Watch UI benchmark (Chromium, medians of %d runs)', runs);
  console.log(`  frame rate         idle ${figures.ui_fps_idle} fps, storm ${figures.ui_fps_storm} fps   target >= 55   ${figures.ui_fps_storm >= 55 ? 'met' : 'MISSED'}`);
  console.log(`  ingest to paint    p50 ${figures.paint_p50_ms} ms, p99 ${figures.paint_p99_ms} ms at 2,000 events/s over 20 sessions   target p99 <= 50 ms   ${figures.paint_p99_ms <= 50 ? 'met' : 'MISSED'}`);
  console.log(
    `  heap               ${round(heap.startMb, 1)} MB at start, ${figures.heap_after_1m_mb} MB after ${HEAP_EVENTS.toLocaleString('en-US')} events sent (${heap.applied.toLocaleString('en-US')} applied by the page)`,
  );
  writeResults(figures, { ui_runs: runs, heap_events: HEAP_EVENTS, heap_rate_per_s: HEAP_RATE, node: process.version, cpus: os.cpus().length });
}

import { observeAppliedFrames } from './live-connection';

// Loaded only with `?bench` in the URL (see main.tsx): bench/ui-bench.ts reads
// how long events took from the producer (`sent_at_ms`, stamped by the bench)
// to the first paint after the store applied them. Not part of the product.

interface BenchProbe {
  latencies: number[];
  /** Off for the heap benchmark: a million latencies would be the leak it measures. */
  recording: boolean;
  applied: number;
  reset(): void;
}

declare global {
  interface Window {
    __tetherBench?: BenchProbe;
  }
}

export function installBenchProbe(): void {
  const probe: BenchProbe = {
    latencies: [],
    recording: true,
    applied: 0,
    reset() {
      probe.latencies = [];
      probe.applied = 0;
    },
  };
  window.__tetherBench = probe;
  observeAppliedFrames((ops) => {
    const sent: number[] = [];
    for (const op of ops) {
      for (const { event } of op.entries) {
        probe.applied += 1;
        const stamp = (event as { sent_at_ms?: unknown }).sent_at_ms;
        if (typeof stamp === 'number') sent.push(stamp);
      }
    }
    if (sent.length === 0 || !probe.recording) return;
    // The store was updated (and React rendered) in this frame; the next frame's
    // callback runs after this one was painted.
    requestAnimationFrame(() => {
      const paintedAt = performance.timeOrigin + performance.now();
      for (const stamp of sent) probe.latencies.push(paintedAt - stamp);
    });
  });
}

import os from 'node:os';
import { benchIngest } from './ingest-bench';
import { benchOtlpIngest } from './otlp-ingest-bench';
import { writeResults } from './results-file';
import { median, round } from './stats';

/**
 * `BENCH_ONLY=otlp`: OTLP/HTTP protobuf ingest against our own WebSocket ingest,
 * measured in pairs in the same run (same machine load), the ratio per pair.
 */
export async function runOtlpBench(runs: number, events: number): Promise<void> {
  const pairs: { otlp: number; reference: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const reference = (await benchIngest(events)).ingestEventsPerS;
    const otlp = (await benchOtlpIngest(events)).otlpEventsPerS;
    pairs.push({ otlp, reference });
    console.log(`  otlp run ${i + 1}/${runs}: ${Math.round(otlp)} events/s over OTLP/HTTP protobuf, ${Math.round(reference)} events/s over WebSocket (ratio ${round(otlp / reference, 3)})`);
  }
  const figures = {
    otlp_ingest_events_per_s: Math.round(median(pairs.map((p) => p.otlp))),
    otlp_reference_ingest_events_per_s: Math.round(median(pairs.map((p) => p.reference))),
    otlp_ingest_ratio: round(median(pairs.map((p) => p.otlp / p.reference)), 3),
  };
  console.log('\nOTLP benchmark (medians of %d runs)', runs);
  console.log(`  OTLP/HTTP ingest   ${figures.otlp_ingest_events_per_s} events/s (Claude Code api_request records, 500 per request)`);
  console.log(`  against WebSocket  ${figures.otlp_reference_ingest_events_per_s} events/s in the same run`);
  console.log(`  otlp ingest ratio  ${figures.otlp_ingest_ratio}   target >= 0.5   ${figures.otlp_ingest_ratio >= 0.5 ? 'met' : 'MISSED'}`);
  writeResults(figures, { otlp_runs: runs, otlp_ingest_events: events, node: process.version, cpus: os.cpus().length });
}

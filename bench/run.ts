import os from 'node:os';
import { benchFanout } from './fanout-bench';
import { benchIngest } from './ingest-bench';
import { runOtlpBench } from './otlp-run';
import { runPgBench } from './pg-bench';
import { runReplayFairnessBench } from './replay-fairness-run';
import { runSessionsQueryBench } from './sessions-query-bench';
import { runUiBench } from './ui-run';
import { runUsageBench } from './usage-bench';
import { writeResults, resultsPath } from './results-file';
import { median, round } from './stats';

// `npm run bench`: figures printed and merged into bench/results.json. Each
// figure is the median of several runs; targets are printed beside them.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 100_000);

/** `BENCH_ONLY=server`, `ui`, `pg`, `usage`, `sessions`, `replay` or `otlp` runs one part; by default all (pg when PostgreSQL answers). */
const ONLY = process.env.BENCH_ONLY;
const runsPart = (part: string) => ONLY === undefined || ONLY === part;

async function main(): Promise<void> {
  if (runsPart('server')) await serverBench();
  if (runsPart('pg')) await runPgBench(RUNS, INGEST_EVENTS);
  if (runsPart('usage')) await runUsageBench(RUNS);
  if (runsPart('sessions')) await runSessionsQueryBench(RUNS);
  if (runsPart('otlp')) await runOtlpBench(RUNS, INGEST_EVENTS);
  if (runsPart('replay')) await runReplayFairnessBench(RUNS);
  if (runsPart('ui')) await runUiBench(RUNS);
  console.log(`\n  written to ${resultsPath}`);
}

async function serverBench(): Promise<void> {
  const ingestRuns: { ingestEventsPerS: number; ceilingEventsPerS: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await benchIngest(INGEST_EVENTS);
    ingestRuns.push(r);
    console.log(`  ingest run ${i + 1}/${RUNS}: ${Math.round(r.ingestEventsPerS)} events/s over WebSocket, raw SQLite ceiling ${Math.round(r.ceilingEventsPerS)} events/s`);
  }
  const ingest = median(ingestRuns.map((r) => r.ingestEventsPerS));
  const ceiling = median(ingestRuns.map((r) => r.ceilingEventsPerS));
  const ratio = median(ingestRuns.map((r) => r.ingestEventsPerS / r.ceilingEventsPerS));

  const fanRuns: { p50: number; p99: number; received: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await benchFanout({ ratePerS: 2000, sessions: 20, seconds: 8 });
    fanRuns.push(r);
    console.log(`  fan-out run ${i + 1}/${RUNS}: p50 ${round(r.p50)} ms, p99 ${round(r.p99)} ms over ${r.received} events`);
  }
  const figures = {
    ingest_events_per_s: Math.round(ingest),
    sqlite_ceiling_events_per_s: Math.round(ceiling),
    ingest_ratio: round(ratio, 3),
    fanout_p50_ms: round(median(fanRuns.map((r) => r.p50))),
    fanout_p99_ms: round(median(fanRuns.map((r) => r.p99))),
  };
  console.log('\nTether Watch benchmark (medians of %d runs)', RUNS);
  console.log(`  durable ingest     ${figures.ingest_events_per_s} events/s   (raw better-sqlite3 ceiling ${figures.sqlite_ceiling_events_per_s}/s)`);
  console.log(`  ingest ratio       ${figures.ingest_ratio}   target >= 0.5   ${figures.ingest_ratio >= 0.5 ? 'met' : 'MISSED'}`);
  console.log(`  fan-out latency    p50 ${figures.fanout_p50_ms} ms, p99 ${figures.fanout_p99_ms} ms at 2,000 events/s over 20 sessions   target p99 <= 50 ms   ${figures.fanout_p99_ms <= 50 ? 'met' : 'MISSED'}`);
  writeResults(figures, { runs: RUNS, ingest_events: INGEST_EVENTS, node: process.version, cpus: os.cpus().length });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

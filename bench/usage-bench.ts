import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { usageQuerySchema } from '../src/protocol/api-queries';
import { cataloguePrices } from '../server/pricing/price-source';
import { pricedUsage } from '../server/pricing/priced-usage';
import { createSqliteStore } from '../server/store/sqlite/sqlite-store';
import { writeResults } from './results-file';
import { median, round } from './stats';
import { defaultSeed, seedUsageDatabase } from './usage-seed';

export interface UsageBenchResult {
  /** Median milliseconds of the priced query, over `runs` timed runs after three warm-up runs. */
  medianMs: number;
  runsMs: number[];
  /** CPU milliseconds of the process per run: on a shared machine, wall time also counts waiting for a core. */
  cpuMs: number[];
  seedSeconds: number;
  rows: number;
  replyRows: number;
  priceRules: number;
}

/**
 * The usage chart's heaviest everyday question: every session's usage over a month,
 * by source and model in hourly buckets, priced (GET /api/v1/usage?group_by=source,model&bucket=1h),
 * answered in-process from a store seeded with `rows` token_usage rows. The seeded
 * file lives in a temporary directory for this run only.
 */
export async function benchUsageQuery(rows: number, runs: number): Promise<UsageBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-usage-bench-'));
  try {
    const filePath = path.join(dir, 'usage.db');
    const seedSeconds = await seedUsageDatabase(filePath, defaultSeed(rows));
    const store = await createSqliteStore({ path: filePath });
    try {
      const query = usageQuerySchema.parse({ group_by: 'source,model', bucket: '1h' });
      const prices = cataloguePrices.current();
      // Warm-up: prepares the statement, matches each model name in the catalogue once and lets the JIT
      // compile the row loops, as in a server that has answered the chart before.
      const reply = await pricedUsage(store, prices, query);
      for (let i = 0; i < 2; i++) await pricedUsage(store, prices, query);
      const runsMs: number[] = [];
      const cpuMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        await pricedUsage(store, prices, query);
        runsMs.push(performance.now() - started);
        const used = process.cpuUsage(cpu);
        cpuMs.push((used.user + used.system) / 1000);
      }
      return { medianMs: median(runsMs), runsMs, cpuMs, seedSeconds, rows, replyRows: reply.rows.length, priceRules: reply.prices.length };
    } finally {
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `BENCH_ONLY=usage`: seeds BENCH_USAGE_ROWS (default 10M) rows, prints the figure and writes `usage_query_10m_ms`. */
export async function runUsageBench(runs: number): Promise<void> {
  const rows = Number(process.env.BENCH_USAGE_ROWS ?? 10_000_000);
  // At least 7 timed runs: one query is quick, and a median of 3 on a busy machine is mostly noise.
  const r = await benchUsageQuery(rows, Math.max(runs, 7));
  const figure = round(r.medianMs);
  console.log(`\n  usage query        ${figure} ms median: a month of ${rows.toLocaleString('en')} token_usage rows by source and model, hourly, priced   target <= 100 ms   ${figure <= 100 ? 'met' : 'MISSED'}`);
  console.log(`                     ${r.replyRows} rows, ${r.priceRules} price rules; runs ${r.runsMs.map((ms) => round(ms)).join(', ')} ms (CPU ${r.cpuMs.map((ms) => round(ms)).join(', ')} ms); seeded in ${round(r.seedSeconds, 1)} s`);
  writeResults({ usage_query_10m_ms: figure }, { usage_rows: rows, usage_runs: r.runsMs.length, usage_seed_s: round(r.seedSeconds, 1) });
}

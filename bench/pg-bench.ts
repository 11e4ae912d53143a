import { usageQuerySchema } from '../src/protocol/api-queries';
import { cataloguePrices } from '../server/pricing/price-source';
import { pricedUsage } from '../server/pricing/priced-usage';
import { createPostgresStore } from '../server/store/postgres/postgres-store';
import { createTempDatabase, probePostgres, testAdminUrl } from '../server/test-support/postgres/temp-database';
import { startServerProcess } from '../server/test-support/server-process';
import { makeDurableEvents, sendAll, toFrames } from './ingest-bench';
import { writeResults } from './results-file';
import { median, round } from './stats';
import { defaultSeed } from './usage-seed';
import { seedPgUsage } from './pg-usage-seed';

// The PostgreSQL store's two figures, each on a throw-away database of the server
// at TETHER_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres):
// durable ingest through the real server, and the usage query over 10M rows.

/** Null when PostgreSQL answers, else why the PostgreSQL benchmark cannot run. */
export const pgBenchUnavailable = () => probePostgres(testAdminUrl);

/**
 * Durable token_usage events per second through a real server process on
 * PostgreSQL (DATABASE_URL), sent exactly as bench/ingest-bench.ts sends them to
 * the SQLite store: same events, frames, sockets and pipelining.
 */
export async function benchPgIngest(events: number): Promise<number> {
  const database = await createTempDatabase(testAdminUrl);
  try {
    const server = await startServerProcess({ env: { DATABASE_URL: database.url } });
    try {
      const frames = toFrames(makeDurableEvents(events, Math.random().toString(36).slice(2, 8)));
      const elapsedMs = await sendAll(server.wsUrl, frames);
      return events / (elapsedMs / 1000);
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

export interface PgUsageBenchResult {
  medianMs: number;
  runsMs: number[];
  seedSeconds: number;
  replyRows: number;
}

/**
 * The query bench/usage-bench.ts times on SQLite (every session's usage by source and
 * model in hourly buckets over the whole range, priced), on a PostgreSQL store seeded
 * with `rows` token_usage rows of the same shape. Median of `runs` after one warm-up.
 */
export async function benchPgUsageQuery(rows: number, runs: number, log: (line: string) => void): Promise<PgUsageBenchResult> {
  const database = await createTempDatabase(testAdminUrl);
  try {
    // Opening the store first migrates the empty database: the seed fills the store's own schema.
    let store = await createPostgresStore({ url: database.url, poolSize: 2 });
    await store.close();
    const seedSeconds = await seedPgUsage(database.url, defaultSeed(rows), (done) => log(`  seeded ${done.toLocaleString('en-US')} rows`));
    store = await createPostgresStore({ url: database.url, poolSize: 2 });
    try {
      const query = usageQuerySchema.parse({ group_by: 'source,model', bucket: '1h' });
      const prices = cataloguePrices.current();
      const reply = await pricedUsage(store, prices, query);
      const runsMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await pricedUsage(store, prices, query);
        runsMs.push(performance.now() - started);
      }
      return { medianMs: median(runsMs), runsMs, seedSeconds, replyRows: reply.rows.length };
    } finally {
      await store.close();
    }
  } finally {
    await database.drop();
  }
}

/** `BENCH_ONLY=pg` (and the full run): both figures into bench/results.json; skipped with the reason without PostgreSQL. */
export async function runPgBench(runs: number, ingestEvents: number): Promise<void> {
  const unavailable = await pgBenchUnavailable();
  if (unavailable !== null) {
    console.log(`\n  PostgreSQL benchmark skipped: no PostgreSQL at ${testAdminUrl} (${unavailable}); set TETHER_TEST_DATABASE_URL`);
    return;
  }
  const usageRows = Number(process.env.BENCH_PG_USAGE_ROWS ?? 10_000_000);
  const ingestRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    ingestRuns.push(await benchPgIngest(ingestEvents));
    console.log(`  pg ingest run ${i + 1}/${runs}: ${Math.round(ingestRuns[i]!)} events/s over WebSocket`);
  }
  const usage = await benchPgUsageQuery(usageRows, Math.max(5, runs), (line) => console.log(line));
  const figures = { pg_ingest_events_per_s: Math.round(median(ingestRuns)), pg_usage_query_10m_ms: round(usage.medianMs) };
  console.log('\nPostgreSQL store (medians)');
  console.log(`  durable ingest     ${figures.pg_ingest_events_per_s} events/s through the server (pool ${process.env.TETHER_PG_POOL ?? 10})`);
  console.log(
    `  usage query        ${figures.pg_usage_query_10m_ms} ms over ${usageRows.toLocaleString('en-US')} rows (source,model by 1h, priced; ` +
      `${usage.replyRows} rows back; runs ${usage.runsMs.map((ms) => round(ms)).join(', ')} ms; seeded in ${round(usage.seedSeconds, 1)} s)`,
  );
  writeResults(figures, { pg_runs: runs, pg_ingest_events: ingestEvents, pg_usage_rows: usageRows, pg_seed_s: round(usage.seedSeconds, 1) });
}

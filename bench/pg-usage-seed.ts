import pg from 'pg';
import { rollupsSql, seedModels, tokenUsageInsertSql, type SeedDialect, type UsageSeed } from './usage-seed';

// The PostgreSQL twin of usage-seed.ts: the same rows (its generator, run here over
// generate_series), a million-row chunk per statement, then both hourly rollups
// each by one INSERT ... SELECT, exactly as ingest keeps them. The event log and the
// sessions table stay empty: the measured query (by source and model) reads neither.

const chunkRows = 1_000_000;

const pgDialect: SeedDialect = {
  counter: (from, to) => `SELECT generate_series(${from}::bigint, ${to - 1}::bigint)`,
  // One parameter: seedModels as a text[]; PostgreSQL arrays are 1-based and take int subscripts.
  modelAt: (index) => `($1::text[])[((${index}) + 1)::int]`,
};

/**
 * Seeds a migrated, empty database (at `url`) with `seed.rows` token_usage rows and
 * their rollups. Returns the seconds it took. The ts index is dropped while seeding
 * and rebuilt after, as any bulk load would; the schema ends as the store made it.
 */
export async function seedPgUsage(url: string, seed: UsageSeed, onProgress: (rows: number) => void = () => undefined): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A scratch database: losing the last commits on a crash would not matter.
    await client.query("SET synchronous_commit = off; SET maintenance_work_mem = '256MB'");
    await client.query('DROP INDEX token_usage_by_ts');
    for (let from = 0; from < seed.rows; from += chunkRows) {
      const to = Math.min(seed.rows, from + chunkRows);
      await client.query(tokenUsageInsertSql(seed, from, to, pgDialect), [seedModels]);
      onProgress(to);
    }
    await client.query('CREATE INDEX token_usage_by_ts ON token_usage (ts_ms)');
    await client.query(`${rollupsSql} ANALYZE token_usage; ANALYZE usage_hourly; ANALYZE usage_model_hourly;`);
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

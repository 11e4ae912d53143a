import Database from 'better-sqlite3';
import { openDatabase } from '../server/store/sqlite/open-database';

// A store with millions of token_usage rows, made fast: the store's own schema
// (migrations), the rows from a generator written in SQL (one INSERT ... SELECT over
// a recursive counter: no per-row round trip through JavaScript; pg-usage-seed.ts
// runs the same generator in PostgreSQL), then the two
// hourly rollups each computed by one INSERT ... SELECT, as ingest would have kept
// them. The event log and the sessions table stay empty: the measured query (by
// source and model) reads neither, and 10M events' JSON would make seeding far slower.

/** Real model names (seven in the catalogue, deepseek with time-of-day prices) and one unpriced. */
export const seedModels = [
  'anthropic/claude-sonnet-4-5',
  'anthropic/claude-haiku-4-5',
  'openai/gpt-4o',
  'openai/gpt-4o-mini',
  'google/gemini-2.5-pro',
  'google/gemini-2.5-flash',
  'deepseek/deepseek-chat',
  'acme/in-house-model',
] as const;
const dayMs = 86_400_000;

export interface UsageSeed {
  rows: number;
  /** Sessions running at once; each makes `rowsPerSession` calls, then the next takes its place. */
  concurrentSessions: number;
  rowsPerSession: number;
  startMs: number;
  spanMs: number;
}

export const defaultSeed = (rows: number): UsageSeed => ({
  rows,
  concurrentSessions: 20,
  rowsPerSession: 5000,
  startMs: Date.UTC(2026, 9, 25),
  spanMs: 30 * dayMs,
});

/** What a SQL dialect supplies to the generator: a counter of row numbers, and a model name by index. */
export interface SeedDialect {
  /** A query whose one column is each row number in [from, to), the body of `counter(i)`. */
  counter(from: number, to: number): string;
  /** The name in seedModels at `index` (an integer SQL expression, 0-based). */
  modelAt(index: string): string;
}

const sqliteDialect: SeedDialect = {
  counter: (from, to) => `SELECT ${safe(from)} UNION ALL SELECT i + 1 FROM counter WHERE i < ${safe(to - 1)}`,
  // One parameter: seedModels as a JSON array.
  modelAt: (index) => `json_extract(?, '$[' || (${index}) || ']')`,
};

function safe(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`seed parameters must be integers, got ${x}`);
  return String(x);
}

/**
 * The one definition of the seeded data, rows [from, to) of it, in any dialect.
 * Row i (in time order) belongs to session `(i / (concurrent x perSession)) x concurrent + i % concurrent`;
 * its source, sizes and cache share come from multiplicative hashes of i (the same on every run, in every
 * database: integer arithmetic only). Root and tool calls use the session's model, RLM calls a second one.
 */
export function tokenUsageInsertSql(seed: UsageSeed, from: number, to: number, dialect: SeedDialect): string {
  const perGeneration = seed.concurrentSessions * seed.rowsPerSession;
  const models = seedModels.length;
  return `
    WITH RECURSIVE counter(i) AS (${dialect.counter(from, to)}),
    hashed AS (
      SELECT i, (i / ${safe(perGeneration)}) * ${safe(seed.concurrentSessions)} + i % ${safe(seed.concurrentSessions)} AS session,
        (i * 2654435761 + 97) % 4294967296 AS h1, (i * 2246822519 + 13) % 4294967291 AS h2, (i * 3266489917 + 7) % 4294967279 AS h3
      FROM counter),
    sized AS (
      SELECT *, CASE WHEN h1 % 10 < 5 THEN 'root' WHEN h1 % 10 < 7 THEN 'rlm_iteration' WHEN h1 % 10 < 9 THEN 'rlm_subcall'
        ELSE 'tool_embedded' END AS source, 500 + h2 % 50000 AS prompt
      FROM hashed)
    INSERT INTO token_usage (cursor, session_id, seq, ts_ms, source, model, prompt_tokens, completion_tokens,
      cache_read_tokens, cache_write_tokens, duration_ms)
    SELECT i + 1, 'bench-' || session, (i % ${safe(perGeneration)}) / ${safe(seed.concurrentSessions)} + 1,
      ${safe(seed.startMs)} + (i * ${safe(seed.spanMs)}) / ${safe(seed.rows)}, source,
      ${dialect.modelAt(`CASE WHEN source IN ('root', 'tool_embedded') THEN session % ${models} ELSE (session * 3 + 1) % ${models} END`)},
      prompt, 50 + h3 % 4000,
      CASE WHEN source = 'root' THEN prompt * (h3 % 80) / 100 ELSE 0 END,
      CASE WHEN source = 'root' THEN prompt * (h2 % 20) / 1000 ELSE 0 END,
      200 + h1 % 20000
    FROM sized`;
}

/** Both hourly rollups from token_usage, exactly as ingest keeps them (the same SQL in both dialects). */
export const rollupsSql = `
  INSERT INTO usage_hourly (hour_ms, source, model, session_id, prompt_tokens, completion_tokens, cache_read_tokens,
      cache_write_tokens, calls)
    SELECT (ts_ms / 3600000) * 3600000, source, model, session_id, SUM(prompt_tokens), SUM(completion_tokens),
      SUM(cache_read_tokens), SUM(cache_write_tokens), COUNT(*)
    FROM token_usage GROUP BY 1, 2, 3, 4;
  INSERT INTO usage_model_hourly (hour_ms, source, model, prompt_tokens, completion_tokens, cache_read_tokens,
      cache_write_tokens, calls)
    SELECT hour_ms, source, model, SUM(prompt_tokens), SUM(completion_tokens), SUM(cache_read_tokens),
      SUM(cache_write_tokens), SUM(calls)
    FROM usage_hourly GROUP BY 1, 2, 3;`;

/** Writes `seed.rows` token_usage rows and both rollups into a new database at `filePath`; returns the seconds it took. */
export async function seedUsageDatabase(filePath: string, seed: UsageSeed): Promise<number> {
  const started = performance.now();
  (await openDatabase(filePath)).close();
  const db = new Database(filePath);
  try {
    // A scratch copy: no journal or fsync while seeding, and cache enough for the rollup's sort to stay in memory
    // (the store's own pragmas apply when it opens the file).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    db.pragma('temp_store = MEMORY');
    db.prepare(tokenUsageInsertSql(seed, 0, seed.rows, sqliteDialect)).run(JSON.stringify(seedModels));
    db.exec(rollupsSql);
  } finally {
    db.close();
  }
  return (performance.now() - started) / 1000;
}

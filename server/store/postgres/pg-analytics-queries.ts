import type pg from 'pg';
import type { CompactionRecord, CompactionStats, ContextSeries, RlmStats } from '../../../src/protocol/api-schemas';
import type { AnalyticsQuery } from '../../../src/protocol/api-queries';
import { medianOfCounts, medianOfWindow, medianWindow, strategiesOverTime, type CompactionKindCount } from '../analytics-math';
import { excludesDemo, notDemoSession } from '../demo-sessions';
import { compactionColumns, compactionTotalsSelect } from '../typed-table-sql';
import { PgWhere } from './pg-sql';

// The RLM and compaction analytics and the context-window series, as the SQLite
// store computes them (sqlite/analytics-queries.ts): aggregates in SQL, the
// arithmetic SQL has no word for in analytics-math.ts. Text sorts COLLATE "C"
// (byte order, as SQLite) whatever the database's locale.

/** Time window (from inclusive, to exclusive) and session list, on a table with ts_ms and session_id. */
const analyticsWhere = (query: AnalyticsQuery): PgWhere => {
  const where = new PgWhere().addIf(query.from, 'ts_ms', '>=').addIf(query.to, 'ts_ms', '<').addInList('session_id', query.session);
  return excludesDemo(query) ? where.add(notDemoSession('session_id')) : where;
};

/** `bucket_start_ms` for a bucket width placed as a parameter of `where` (the WHERE's own come first). */
const bucketColumn = (where: PgWhere, bucket: number): string => {
  const width = where.params.add(bucket);
  return `(ts_ms / ${width}::bigint) * ${width}::bigint AS bucket_start_ms`;
};

interface CountRow {
  count: number;
}

async function all<T extends pg.QueryResultRow>(pool: pg.Pool, sql: string, where: PgWhere): Promise<T[]> {
  return (await pool.query<T>(sql, where.params.values)).rows;
}

export async function rlmStats(pool: pg.Pool, query: AnalyticsQuery): Promise<RlmStats> {
  const where = analyticsWhere(query);
  const filter = where.toSql();
  const [totals] = await all<{ completions: number; input_tokens: number; output_tokens: number }>(
    pool,
    `SELECT COUNT(*) AS completions, COALESCE(SUM(input_tokens), 0) AS input_tokens,
       COALESCE(SUM(output_tokens), 0) AS output_tokens FROM rlm_completions${filter}`,
    where,
  );
  const byOutcome = await all<{ outcome: string } & CountRow>(
    pool,
    `SELECT outcome, COUNT(*) AS count FROM rlm_completions${filter} GROUP BY outcome ORDER BY outcome COLLATE "C"`,
    where,
  );
  const iterations = await all<{ iterations: number } & CountRow>(
    pool,
    `SELECT iterations, COUNT(*) AS count FROM rlm_completions${filter} GROUP BY iterations ORDER BY iterations`,
    where,
  );
  const fallbacks = await all<RlmStats['fallbacks'][number]>(
    pool,
    `SELECT requested_model, fallback_model, COUNT(*) AS count, COUNT(DISTINCT session_id) AS sessions, MAX(ts_ms) AS last_ts_ms
     FROM rlm_fallbacks${filter} GROUP BY requested_model, fallback_model
     ORDER BY count DESC, requested_model COLLATE "C", fallback_model COLLATE "C"`,
    where,
  );
  const medianElapsed = await medianElapsedMs(pool, query, totals!.completions);
  let outcomesOverTime: RlmStats['outcomes_over_time'] = [];
  if (query.bucket !== undefined) {
    const bucketed = analyticsWhere(query);
    const bucket = bucketColumn(bucketed, query.bucket);
    outcomesOverTime = await all(
      pool,
      `SELECT ${bucket}, outcome, COUNT(*) AS count FROM rlm_completions${bucketed.toSql()}
       GROUP BY bucket_start_ms, outcome ORDER BY bucket_start_ms, outcome COLLATE "C"`,
      bucketed,
    );
  }
  return {
    totals: {
      ...totals!,
      by_outcome: Object.fromEntries(byOutcome.map((row) => [row.outcome, row.count])),
      median_iterations: medianOfCounts(iterations.map((row) => ({ value: row.iterations, count: row.count }))),
      median_elapsed_ms: medianElapsed,
    },
    outcomes_over_time: outcomesOverTime,
    iterations,
    fallbacks,
  };
}

/** Reads only the one or two middle rows, in elapsed order. */
async function medianElapsedMs(pool: pg.Pool, query: AnalyticsQuery, completions: number): Promise<number | null> {
  const window = medianWindow(completions);
  if (window === null) return null;
  const where = analyticsWhere(query);
  const filter = where.toSql();
  const limit = where.params.add(window.count);
  const offset = where.params.add(window.offset);
  const middle = await all<{ elapsed_ms: number }>(pool, `SELECT elapsed_ms FROM rlm_completions${filter} ORDER BY elapsed_ms LIMIT ${limit} OFFSET ${offset}`, where);
  return medianOfWindow(middle.map((row) => row.elapsed_ms));
}

export async function compactionStats(pool: pg.Pool, query: AnalyticsQuery): Promise<CompactionStats> {
  const where = analyticsWhere(query);
  const [totals] = await all<CompactionStats['totals']>(
    pool,
    `${compactionTotalsSelect}${where.toSql()}`,
    where,
  );
  return { totals: totals!, strategies_over_time: query.bucket === undefined ? [] : await strategyCounts(pool, query, query.bucket) };
}

/** Counted per (bucket, kind, strategy) in SQL, then merged under their labels (a label may cover several). */
async function strategyCounts(pool: pg.Pool, query: AnalyticsQuery, bucket: number): Promise<CompactionStats['strategies_over_time']> {
  const where = analyticsWhere(query);
  const filter = where.toSql();
  const rows = await all<CompactionKindCount>(
    pool,
    `SELECT ${bucketColumn(where, bucket)}, kind, strategy, COUNT(*) AS count FROM compactions${filter} GROUP BY bucket_start_ms, kind, strategy`,
    where,
  );
  return strategiesOverTime(rows);
}

export async function contextSeries(pool: pg.Pool, sessionId: string): Promise<ContextSeries> {
  const [samples, markers] = await Promise.all([
    pool.query<ContextSeries['samples'][number]>('SELECT ts_ms, model, request_tokens, budget FROM context_samples WHERE session_id = $1 ORDER BY ts_ms', [sessionId]),
    pool.query<CompactionRecord>(`SELECT ${compactionColumns} FROM compactions WHERE session_id = $1 ORDER BY cursor`, [sessionId]),
  ]);
  return { samples: samples.rows, markers: markers.rows };
}

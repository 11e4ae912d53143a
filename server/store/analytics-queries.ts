import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CompactionRecord, CompactionStats, ContextSeries, RlmStats } from '#protocol/api-schemas';
import type { AnalyticsQuery } from '#protocol/api-queries';
import { medianOfCounts, medianOfWindow, medianWindow, strategiesOverTime } from './analytics-math';
import { excludesDemo, notDemoSession } from './demo-sessions';
import { compactionColumns, type StoreDatabase } from './store-database';
import type { StoreSql } from './store-sql';

// The RLM and compaction analytics and the context-window series, one
// implementation for both stores: aggregates in SQL, the arithmetic SQL has no
// word for (medians, strategy labels) in analytics-math.ts. Text sorts in byte
// order (SQLite's), whatever a PostgreSQL database's locale.

type AnalyticsTable = 'rlm_completions' | 'rlm_fallbacks' | 'compactions';

/** Time window (from inclusive, to exclusive) and session list, on a table with ts_ms and session_id. */
function analyticsFilters(eb: ExpressionBuilder<StoreDatabase, AnalyticsTable>, { dialect }: StoreSql, query: AnalyticsQuery): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (query.from !== undefined) conditions.push(eb('ts_ms', '>=', query.from));
  if (query.to !== undefined) conditions.push(eb('ts_ms', '<', query.to));
  if (query.session !== undefined) conditions.push(dialect.inList('session_id', query.session));
  if (excludesDemo(query)) conditions.push(notDemoSession('session_id'));
  return eb.and(conditions);
}

/** Group and order by the bucket through its alias (no table has such a column). */
const bucketStartMs = sql.ref('bucket_start_ms');

export async function rlmStats(store: StoreSql, query: AnalyticsQuery): Promise<RlmStats> {
  const { db, dialect } = store;
  const completions = db.selectFrom('rlm_completions').where((eb) => analyticsFilters(eb, store, query));
  const totals = await completions
    .select((eb) => [
      eb.fn.countAll<number>().as('completions'),
      eb.fn.coalesce(eb.fn.sum<number>('input_tokens'), sql.lit(0)).as('input_tokens'),
      eb.fn.coalesce(eb.fn.sum<number>('output_tokens'), sql.lit(0)).as('output_tokens'),
    ])
    .executeTakeFirstOrThrow();
  const byOutcome = await completions
    .select((eb) => ['outcome', eb.fn.countAll<number>().as('count')])
    .groupBy('outcome')
    .orderBy('outcome', dialect.byteOrder)
    .execute();
  const iterations = await completions
    .select((eb) => ['iterations', eb.fn.countAll<number>().as('count')])
    .groupBy('iterations')
    .orderBy('iterations')
    .execute();
  const bucket = query.bucket;
  const outcomesOverTime =
    bucket === undefined
      ? []
      : await completions
          .select((eb) => [dialect.bucketStart('ts_ms', bucket).as('bucket_start_ms'), 'outcome', eb.fn.countAll<number>().as('count')])
          .groupBy([bucketStartMs, 'outcome'])
          .orderBy(bucketStartMs)
          .orderBy('outcome', dialect.byteOrder)
          .execute();
  const fallbacks = await db
    .selectFrom('rlm_fallbacks')
    .select((eb) => [
      'requested_model',
      'fallback_model',
      eb.fn.countAll<number>().as('count'),
      eb.fn.count<number>('session_id').distinct().as('sessions'),
      eb.fn.max('ts_ms').as('last_ts_ms'),
    ])
    .where((eb) => analyticsFilters(eb, store, query))
    .groupBy(['requested_model', 'fallback_model'])
    .orderBy('count', 'desc')
    .orderBy('requested_model', dialect.byteOrder)
    .orderBy('fallback_model', dialect.byteOrder)
    .execute();
  return {
    totals: {
      ...totals,
      by_outcome: Object.fromEntries(byOutcome.map((row) => [row.outcome, row.count])),
      median_iterations: medianOfCounts(iterations.map((row) => ({ value: row.iterations, count: row.count }))),
      median_elapsed_ms: await medianElapsedMs(store, query, totals.completions),
    },
    outcomes_over_time: outcomesOverTime,
    iterations,
    fallbacks,
  };
}

/** Reads only the one or two middle rows, in elapsed order. */
async function medianElapsedMs(store: StoreSql, query: AnalyticsQuery, completions: number): Promise<number | null> {
  const window = medianWindow(completions);
  if (window === null) return null;
  const middle = await store.db
    .selectFrom('rlm_completions')
    .select('elapsed_ms')
    .where((eb) => analyticsFilters(eb, store, query))
    .orderBy('elapsed_ms')
    .limit(window.count)
    .offset(window.offset)
    .execute();
  return medianOfWindow(middle.map((row) => row.elapsed_ms));
}

export async function compactionStats(store: StoreSql, query: AnalyticsQuery): Promise<CompactionStats> {
  const compactions = store.db.selectFrom('compactions').where((eb) => analyticsFilters(eb, store, query));
  const totals = await compactions
    .select((eb) => {
      const count = (kind: CompactionRecord['kind']) =>
        eb.fn.countAll<number>().filterWhere('kind', '=', kind);
      const sumOf = (column: 'before_tokens' | 'after_tokens' | 'dropped_tokens', kind: CompactionRecord['kind']) =>
        eb.fn.coalesce(eb.fn.sum<number>(column).filterWhere('kind', '=', kind), sql.lit(0));
      return [
        count('started').as('started'),
        count('completed').as('completed'),
        count('failed').as('failed'),
        count('truncated').as('truncated'),
        sumOf('before_tokens', 'completed').as('before_tokens'),
        sumOf('after_tokens', 'completed').as('after_tokens'),
        sumOf('dropped_tokens', 'truncated').as('dropped_tokens'),
      ];
    })
    .executeTakeFirstOrThrow();
  const bucket = query.bucket;
  if (bucket === undefined) return { totals, strategies_over_time: [] };
  // Counted per (bucket, kind, strategy) in SQL, then merged under their labels (a label may cover several).
  const counts = await compactions
    .select((eb) => [store.dialect.bucketStart('ts_ms', bucket).as('bucket_start_ms'), 'kind', 'strategy', eb.fn.countAll<number>().as('count')])
    .groupBy([bucketStartMs, 'kind', 'strategy'])
    .execute();
  return { totals, strategies_over_time: strategiesOverTime(counts) };
}

export async function contextSeries({ db }: StoreSql, sessionId: string): Promise<ContextSeries> {
  const [samples, markers] = await Promise.all([
    db.selectFrom('context_samples').select(['ts_ms', 'model', 'request_tokens', 'budget']).where('session_id', '=', sessionId).orderBy('ts_ms').execute(),
    db.selectFrom('compactions').select(compactionColumns).where('session_id', '=', sessionId).orderBy('cursor').execute(),
  ]);
  return { samples, markers };
}

import type Database from 'better-sqlite3';
import type { CompactionRecord, CompactionStats, ContextSeries, RlmStats } from '../../../src/protocol/api-schemas';
import type { AnalyticsQuery } from '../../../src/protocol/api-queries';
import { medianOfCounts, medianOfWindow, medianWindow, strategiesOverTime, type CompactionKindCount } from '../analytics-math';
import { excludesDemo, notDemoSession } from '../demo-sessions';
import { compactionColumns, compactionTotalsSelect } from '../typed-table-sql';
import { StatementCache, WhereClause, type SqlValue } from './sql-builder';

// The RLM and compaction analytics and the context-window series: aggregates in
// SQL, the arithmetic SQL has no word for (medians, strategy labels) in
// analytics-math.ts, shared with every other store.

/** Time window (from inclusive, to exclusive) and session list, on a table with ts_ms and session_id. */
function analyticsWhere(query: AnalyticsQuery): WhereClause {
  const where = new WhereClause()
    .addIf(query.from, 'ts_ms >= ?')
    .addIf(query.to, 'ts_ms < ?')
    .addInList('session_id', query.session);
  return excludesDemo(query) ? where.add(notDemoSession('session_id')) : where;
}

/** Bound numbers arrive as REAL: without the casts, `/` would not floor. */
const bucketColumn = '(ts_ms / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket_start_ms';

interface CountRow {
  count: number;
}

export class AnalyticsQueries {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  rlmStats(query: AnalyticsQuery): RlmStats {
    const where = analyticsWhere(query);
    const totals = this.get<{ completions: number; input_tokens: number; output_tokens: number }>(
      `SELECT COUNT(*) AS completions, COALESCE(SUM(input_tokens), 0) AS input_tokens,
         COALESCE(SUM(output_tokens), 0) AS output_tokens FROM rlm_completions${where.toSql()}`,
      where.params,
    );
    const byOutcome = this.all<{ outcome: string } & CountRow>(
      `SELECT outcome, COUNT(*) AS count FROM rlm_completions${where.toSql()} GROUP BY outcome ORDER BY outcome`,
      where.params,
    );
    const iterations = this.all<{ iterations: number } & CountRow>(
      `SELECT iterations, COUNT(*) AS count FROM rlm_completions${where.toSql()} GROUP BY iterations ORDER BY iterations`,
      where.params,
    );
    const outcomesOverTime =
      query.bucket === undefined
        ? []
        : this.all<{ bucket_start_ms: number; outcome: string } & CountRow>(
            `SELECT ${bucketColumn}, outcome, COUNT(*) AS count FROM rlm_completions${where.toSql()}
             GROUP BY bucket_start_ms, outcome ORDER BY bucket_start_ms, outcome`,
            [query.bucket, query.bucket, ...where.params],
          );
    const fallbacks = this.all<RlmStats['fallbacks'][number]>(
      `SELECT requested_model, fallback_model, COUNT(*) AS count, COUNT(DISTINCT session_id) AS sessions, MAX(ts_ms) AS last_ts_ms
       FROM rlm_fallbacks${where.toSql()} GROUP BY requested_model, fallback_model
       ORDER BY count DESC, requested_model, fallback_model`,
      where.params,
    );
    return {
      totals: {
        ...totals,
        by_outcome: Object.fromEntries(byOutcome.map((row) => [row.outcome, row.count])),
        median_iterations: medianOfCounts(iterations.map((row) => ({ value: row.iterations, count: row.count }))),
        median_elapsed_ms: this.medianElapsed(where, totals.completions),
      },
      outcomes_over_time: outcomesOverTime,
      iterations,
      fallbacks,
    };
  }

  /** Reads only the one or two middle rows, in elapsed order. */
  private medianElapsed(where: WhereClause, completions: number): number | null {
    const window = medianWindow(completions);
    if (window === null) return null;
    const middle = this.all<{ elapsed_ms: number }>(
      `SELECT elapsed_ms FROM rlm_completions${where.toSql()} ORDER BY elapsed_ms LIMIT ? OFFSET ?`,
      [...where.params, window.count, window.offset],
    );
    return medianOfWindow(middle.map((row) => row.elapsed_ms));
  }

  compactionStats(query: AnalyticsQuery): CompactionStats {
    const where = analyticsWhere(query);
    const totals = this.get<CompactionStats['totals']>(
      `${compactionTotalsSelect}${where.toSql()}`,
      where.params,
    );
    return { totals, strategies_over_time: query.bucket === undefined ? [] : this.strategyCounts(query.bucket, where) };
  }

  /** Counted per (bucket, kind, strategy) in SQL, then merged under their labels (a label may cover several). */
  private strategyCounts(bucket: number, where: WhereClause): CompactionStats['strategies_over_time'] {
    const rows = this.all<CompactionKindCount>(
      `SELECT ${bucketColumn}, kind, strategy, COUNT(*) AS count FROM compactions${where.toSql()}
       GROUP BY bucket_start_ms, kind, strategy`,
      [bucket, bucket, ...where.params],
    );
    return strategiesOverTime(rows);
  }

  contextSeries(sessionId: string): ContextSeries {
    const samples = this.all<ContextSeries['samples'][number]>(
      'SELECT ts_ms, model, request_tokens, budget FROM context_samples WHERE session_id = ? ORDER BY ts_ms',
      [sessionId],
    );
    const markers = this.all<CompactionRecord>(`SELECT ${compactionColumns} FROM compactions WHERE session_id = ? ORDER BY cursor`, [sessionId]);
    return { samples, markers };
  }

  private get<T>(sql: string, params: readonly SqlValue[]): T {
    return this.statements.get(sql).get(...params) as T;
  }

  private all<T>(sql: string, params: readonly SqlValue[]): T[] {
    return this.statements.get(sql).all(...params) as T[];
  }
}

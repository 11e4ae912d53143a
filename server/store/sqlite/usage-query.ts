import type { UsageRow } from '../../../src/protocol/api-schemas';
import { usageGroupKeys, type UsageGroupKey, type UsageQuery } from '../../../src/protocol/api-queries';
import { rollupHourMs } from './schema';
import { WhereClause, type SqlValue } from './sql-builder';

// The usage aggregate, from either token_usage or its hourly rollup. Both give
// the same rows; the rollup is chosen whenever it can answer exactly.

const groupColumns: Record<UsageGroupKey, string> = { source: 'source', model: 'model', session: 'session_id' };

const isHourAligned = (ms: number | undefined) => ms === undefined || ms % rollupHourMs === 0;

/**
 * The hourly rollup answers exactly when every bucket is a whole number of hours
 * (each hour then falls in one bucket) and the time window starts and ends on
 * hour boundaries (each hour is then wholly in or out). No bucket is one bucket.
 */
export function canUseHourlyRollup(query: UsageQuery): boolean {
  return (query.bucket === undefined || query.bucket % rollupHourMs === 0) && isHourAligned(query.from) && isHourAligned(query.to);
}

export interface UsageSql {
  sql: string;
  params: SqlValue[];
}

/** The aggregate's SQL: sums per group (and bucket), ordered by bucket then total tokens descending. */
export function buildUsageSql(query: UsageQuery): UsageSql {
  const fromRollup = canUseHourlyRollup(query);
  const timeColumn = fromRollup ? 'hour_ms' : 'ts_ms';
  // Canonical order, whatever order the query named them in: rows sort the same for `model,source` and `source,model`.
  const requested = new Set(query.group_by ?? []);
  const groups = usageGroupKeys.filter((key) => requested.has(key)).map((key) => groupColumns[key]);

  const select: string[] = [];
  const selectParams: SqlValue[] = [];
  if (query.bucket !== undefined) {
    // Bound numbers arrive as REAL: without the casts, `/` would not floor.
    select.push(`(${timeColumn} / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket_start_ms`);
    selectParams.push(query.bucket, query.bucket);
  }
  select.push(
    ...groups,
    'SUM(prompt_tokens) AS prompt_tokens',
    'SUM(completion_tokens) AS completion_tokens',
    'SUM(cache_read_tokens) AS cache_read_tokens',
    'SUM(cache_write_tokens) AS cache_write_tokens',
    `${fromRollup ? 'SUM(calls)' : 'COUNT(*)'} AS calls`,
  );

  const where = new WhereClause()
    .addIf(query.from, `${timeColumn} >= ?`)
    .addIf(query.to, `${timeColumn} < ?`)
    .addIf(query.session, 'session_id = ?')
    .addInList('source', query.source)
    .addIf(query.model, 'model = ?');

  const keys = [...(query.bucket === undefined ? [] : ['bucket_start_ms']), ...groups];
  const groupBy = keys.length === 0 ? '' : ` GROUP BY ${keys.join(', ')}`;
  // Group columns last, so rows with equal totals still come in a stable order.
  const orderBy = [
    ...(query.bucket === undefined ? [] : ['bucket_start_ms']),
    '(SUM(prompt_tokens) + SUM(completion_tokens)) DESC',
    ...groups,
  ].join(', ');
  const from = fromRollup ? { sql: 'usage_hourly', params: [] } : rawRowsOf(query.session);
  return {
    sql: `SELECT ${select.join(', ')} FROM ${from.sql}${where.toSql()}${groupBy} ORDER BY ${orderBy}`,
    params: [...selectParams, ...from.params, ...where.params],
  };
}

/**
 * The raw rows to aggregate. token_usage has no session index (see the schema): one
 * session's rows are reached through events_by_session, whatever the time window.
 */
function rawRowsOf(session: string | undefined): UsageSql {
  if (session === undefined) return { sql: 'token_usage', params: [] };
  return { sql: '(SELECT t.* FROM events AS e CROSS JOIN token_usage AS t ON t.cursor = e.cursor WHERE e.session_id = ?)', params: [session] };
}

export interface UsageSqlRow {
  bucket_start_ms?: number;
  source?: UsageRow['source'];
  model?: string;
  session_id?: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  /** NULL (not 0) from SUM(calls) over no rows. */
  calls: number | null;
}

/** SQL rows to UsageRows: group keys only where grouped, and no price yet. */
export function toUsageRows(rows: readonly UsageSqlRow[]): UsageRow[] {
  const usageRows: UsageRow[] = [];
  for (const row of rows) {
    // An ungrouped aggregate over no rows still yields one row (of NULL sums, or COUNT 0): that is "no usage".
    if (row.calls === null || row.calls === 0) continue;
    usageRows.push({
      ...(row.bucket_start_ms === undefined ? {} : { bucket_start_ms: row.bucket_start_ms }),
      ...(row.source === undefined ? {} : { source: row.source }),
      ...(row.model === undefined ? {} : { model: row.model }),
      ...(row.session_id === undefined ? {} : { session_id: row.session_id }),
      prompt_tokens: row.prompt_tokens ?? 0,
      completion_tokens: row.completion_tokens ?? 0,
      cache_read_tokens: row.cache_read_tokens ?? 0,
      cache_write_tokens: row.cache_write_tokens ?? 0,
      calls: row.calls,
      // Pricing comes from a maintained catalogue (a later issue); until then every row is unpriced.
      cost_usd: null,
    });
  }
  return usageRows;
}

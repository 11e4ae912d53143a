import type { UsageGroupKey, UsageQuery } from '../../../src/protocol/api-queries';
import type { UsageTotalsRow } from '../event-store';
import {
  canUseHourlyRollup,
  exactRollupFor,
  rollupSumColumns,
  groupKeysOf,
  needsAgent,
  needsDemoFilter,
  rollupTableFor,
  usageSums,
  usageTotalDescending,
  type RollupTable,
} from '../usage-plan';
import { notDemoSession } from '../demo-sessions';
import { WhereClause, type SqlValue } from './sql-builder';

// The usage aggregate in SQLite, from token_usage or one of its hourly rollups. All
// give the same rows; which one answers, and the rows' order, are ../usage-plan.ts.

/** Each group key's column; the agent is per session, so it comes from the sessions table. */
const groupColumns: Record<UsageGroupKey, { expression: string; alias: string }> = {
  source: { expression: 'u.source', alias: 'source' },
  model: { expression: 'u.model', alias: 'model' },
  session: { expression: 'u.session_id', alias: 'session_id' },
  agent: { expression: 's.agent', alias: 'agent' },
  label: { expression: 'u.label', alias: 'label' },
};

export interface UsageSql {
  sql: string;
  params: SqlValue[];
}

/** The aggregate's SQL: sums per group (and bucket), ordered by bucket then total tokens descending. */
export function buildUsageSql(query: UsageQuery): UsageSql {
  const exactRollup = exactRollupFor(query);
  if (exactRollup !== null) return rollupRowsSql(exactRollup, query);
  const fromRollup = canUseHourlyRollup(query);
  const timeColumn = fromRollup ? 'u.hour_ms' : 'u.ts_ms';
  const groups = groupKeysOf(query).map((key) => groupColumns[key]);

  const select: string[] = [];
  const selectParams: SqlValue[] = [];
  if (query.bucket !== undefined) {
    // Bound numbers arrive as REAL: without the casts, `/` would not floor.
    select.push(`(${timeColumn} / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket_start_ms`);
    selectParams.push(query.bucket, query.bucket);
  }
  select.push(...groups.map((g) => `${g.expression} AS ${g.alias}`), ...usageSums(fromRollup));

  const where = new WhereClause()
    .addIf(query.from, `${timeColumn} >= ?`)
    .addIf(query.to, `${timeColumn} < ?`)
    .addInList('u.source', query.source)
    .addInList('u.model', query.model)
    .addInList('s.agent', query.agent)
    .addInList('u.label', query.label);
  // A raw-row source already applies the session filter; the rollups take it here.
  if (fromRollup) where.addInList('u.session_id', query.session);
  if (needsDemoFilter(query, fromRollup ? rollupTableFor(query) : 'token_usage')) where.add(notDemoSession('u.session_id'));

  // bucket_start_ms by its alias (no table has such a column); the rest by expression, since
  // SQLite resolves GROUP BY names against the tables first and `session_id` is in two of them.
  const keys = [...(query.bucket === undefined ? [] : ['bucket_start_ms']), ...groups.map((g) => g.expression)];
  const groupBy = keys.length === 0 ? '' : ` GROUP BY ${keys.join(', ')}`;
  const orderBy = [...(query.bucket === undefined ? [] : ['bucket_start_ms']), usageTotalDescending, ...groups.map((g) => g.alias)].join(', ');
  const rows = fromRollup ? { sql: rollupTableFor(query), params: [] } : rawRowsOf(query.session);
  const join = needsAgent(query) ? ' LEFT JOIN sessions AS s ON s.session_id = u.session_id' : '';
  return {
    sql: `SELECT ${select.join(', ')} FROM ${rows.sql} AS u${join}${where.toSql()}${groupBy} ORDER BY ${orderBy}`,
    params: [...selectParams, ...rows.params, ...where.params],
  };
}

/** A rollup's rows as they are (see exactRollupFor). */
function rollupRowsSql(table: RollupTable, query: UsageQuery): UsageSql {
  const withSession = table === 'usage_hourly';
  const where = new WhereClause()
    .addIf(query.from, 'hour_ms >= ?')
    .addIf(query.to, 'hour_ms < ?')
    .addInList('source', query.source)
    .addInList('model', query.model)
    .addInList('session_id', query.session);
  if (needsDemoFilter(query, table)) where.add(notDemoSession('session_id'));
  const columns = `hour_ms AS bucket_start_ms, source, model${withSession ? ', session_id' : ''}`;
  const tokens = rollupSumColumns;
  const order = `hour_ms, (prompt_tokens + completion_tokens) DESC, source, model${withSession ? ', session_id' : ''}`;
  return { sql: `SELECT ${columns}, ${tokens} FROM ${table}${where.toSql()} ORDER BY ${order}`, params: where.params };
}

/**
 * The raw rows to aggregate. token_usage has no session index (see the schema): the
 * sessions' rows are reached through events_by_session, whatever the time window.
 */
function rawRowsOf(sessions: readonly string[] | undefined): UsageSql {
  if (sessions === undefined) return { sql: 'token_usage', params: [] };
  return {
    sql: '(SELECT t.* FROM events AS e CROSS JOIN token_usage AS t ON t.cursor = e.cursor WHERE e.session_id IN (SELECT value FROM json_each(?)))',
    params: [JSON.stringify(sessions)],
  };
}

type SqlRowValue = string | number | null;

/**
 * SQL rows to usage totals, from better-sqlite3's raw mode (arrays, in `columns` order), which halves
 * the cost of a month by source and model (20k+ rows), most of it making row objects.
 */
export function rawRowsToUsageRows(rows: readonly SqlRowValue[][], columns: readonly string[]): UsageTotalsRow[] {
  const at = (name: string) => columns.indexOf(name);
  const [bucket, source, model, session, agent, label] = ['bucket_start_ms', 'source', 'model', 'session_id', 'agent', 'label'].map(at) as number[];
  const [prompt, completion, cacheRead, cacheWrite, calls, reportCalls, reportedCost] = sumColumns.map(at) as number[];
  const usageRows: UsageTotalsRow[] = [];
  for (const v of rows) {
    if (v[calls!] === null || v[calls!] === 0) continue;
    // Sums first, keys after in one fixed order: every row of a query gets the same object shape.
    const row = {
      prompt_tokens: v[prompt!], completion_tokens: v[completion!], cache_read_tokens: v[cacheRead!],
      cache_write_tokens: v[cacheWrite!], calls: v[calls!], usage_report_calls: v[reportCalls!] ?? 0,
      reported_cost_usd: v[reportedCost!],
    } as Record<string, SqlRowValue>;
    if (bucket! >= 0) row.bucket_start_ms = v[bucket!]!;
    if (source! >= 0) row.source = v[source!]!;
    if (model! >= 0) row.model = v[model!]!;
    if (session! >= 0) row.session_id = v[session!]!;
    if (agent! >= 0) row.agent = v[agent!]!;
    if (label! >= 0) row.label = v[label!]!;
    usageRows.push(row as unknown as UsageTotalsRow);
  }
  return usageRows;
}

const sumColumns = ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens', 'calls', 'usage_report_calls', 'reported_cost_usd'];

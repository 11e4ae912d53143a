import type pg from 'pg';
import type { UsageGroupKey, UsageQuery } from '../../../src/protocol/api-queries';
import type { UsageTotalsRow } from '../event-store';
import {
  canUseHourlyRollup,
  exactRollupFor,
  groupKeysOf,
  rollupSumColumns,
  needsAgent,
  needsDemoFilter,
  rollupTableFor,
  toUsageRows,
  usageSums,
  usageTotalDescending,
  type RollupTable,
  type UsageSqlRow,
} from '../usage-plan';
import { notDemoSession } from '../demo-sessions';
import { PgParams, PgWhere } from './pg-sql';

// The usage aggregate in PostgreSQL: the same choice of source as the SQLite store
// (raw token_usage, or the smallest hourly rollup that answers exactly) and the
// same row order; only the SQL dialect differs. The SQL-free parts (when a rollup
// answers exactly, group key order, the sums, rows to totals) are ../usage-plan.ts.

/** Each group key's expression; the agent is per session, so it comes from the sessions table. */
const groupColumns: Record<UsageGroupKey, { expression: string; alias: string; order: string }> = {
  // COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
  source: { expression: 'u.source', alias: 'source', order: 'u.source COLLATE "C"' },
  model: { expression: 'u.model', alias: 'model', order: 'u.model COLLATE "C"' },
  session: { expression: 'u.session_id', alias: 'session_id', order: 'u.session_id COLLATE "C"' },
  // NULLS FIRST: where SQLite puts sessions that never named their agent.
  agent: { expression: 's.agent', alias: 'agent', order: 's.agent COLLATE "C" NULLS FIRST' },
  // NULLS FIRST: SQLite's order for calls without a label.
  label: { expression: 'u.label', alias: 'label', order: 'u.label COLLATE "C" NULLS FIRST' },
};

/** The aggregate's SQL and parameters: sums per group (and bucket), by bucket then total tokens descending. */
export function buildPgUsageSql(query: UsageQuery): { sql: string; values: PgParams['values'] } {
  const exactRollup = exactRollupFor(query);
  if (exactRollup !== null) return rollupRowsSql(exactRollup, query);
  const params = new PgParams();
  const fromRollup = canUseHourlyRollup(query);
  const timeColumn = fromRollup ? 'u.hour_ms' : 'u.ts_ms';
  const groups = groupKeysOf(query).map((key) => groupColumns[key]);

  const select: string[] = [];
  if (query.bucket !== undefined) {
    const bucket = params.add(query.bucket);
    select.push(`(${timeColumn} / ${bucket}::bigint) * ${bucket}::bigint AS bucket_start_ms`);
  }
  select.push(...groups.map((g) => `${g.expression} AS ${g.alias}`), ...usageSums(fromRollup));

  let rows: string;
  if (fromRollup) rows = rollupTableFor(query);
  else if (query.session === undefined) rows = 'token_usage';
  // token_usage has no session index (as in SQLite): the sessions' rows are reached through events_by_session.
  else rows = `(SELECT t.* FROM events AS e JOIN token_usage AS t ON t.cursor = e.cursor WHERE e.session_id = ANY(${params.add(query.session)}::text[]))`;

  const where = new PgWhere(params)
    .addIf(query.from, timeColumn, '>=')
    .addIf(query.to, timeColumn, '<')
    .addInList('u.source', query.source)
    .addInList('u.model', query.model)
    .addInList('s.agent', query.agent)
    .addInList('u.label', query.label);
  // A raw-row source already applies the session filter; the rollup takes it here.
  if (fromRollup) where.addInList('u.session_id', query.session);
  if (needsDemoFilter(query, fromRollup ? rollupTableFor(query) : 'token_usage')) where.add(notDemoSession('u.session_id'));

  const keys = [...(query.bucket === undefined ? [] : ['bucket_start_ms']), ...groups.map((g) => g.expression)];
  const groupBy = keys.length === 0 ? '' : ` GROUP BY ${keys.join(', ')}`;
  const orderBy = [...(query.bucket === undefined ? [] : ['bucket_start_ms']), usageTotalDescending, ...groups.map((g) => g.order)].join(', ');
  const join = needsAgent(query) ? ' LEFT JOIN sessions AS s ON s.session_id = u.session_id' : '';
  return { sql: `SELECT ${select.join(', ')} FROM ${rows} AS u${join}${where.toSql()}${groupBy} ORDER BY ${orderBy}`, values: params.values };
}

/**
 * A rollup's rows as they are (see exactRollupFor): no GROUP BY. Aggregating them
 * again cost three times as much here, the hash aggregate spilling to disk at the
 * default work_mem for a month by source and model.
 */
function rollupRowsSql(table: RollupTable, query: UsageQuery): { sql: string; values: PgParams['values'] } {
  const withSession = table === 'usage_hourly';
  const where = new PgWhere()
    .addIf(query.from, 'hour_ms', '>=')
    .addIf(query.to, 'hour_ms', '<')
    .addInList('source', query.source)
    .addInList('model', query.model)
    .addInList('session_id', query.session);
  if (needsDemoFilter(query, table)) where.add(notDemoSession('session_id'));
  const columns = `hour_ms AS bucket_start_ms, source, model${withSession ? ', session_id' : ''}`;
  const tokens = rollupSumColumns;
  const order = `hour_ms, (prompt_tokens + completion_tokens) DESC, source COLLATE "C", model COLLATE "C"${withSession ? ', session_id COLLATE "C"' : ''}`;
  return { sql: `SELECT ${columns}, ${tokens} FROM ${table}${where.toSql()} ORDER BY ${order}`, values: where.params.values };
}

export async function usage(pool: pg.Pool, query: UsageQuery): Promise<UsageTotalsRow[]> {
  const { sql, values } = buildPgUsageSql(query);
  const { rows } = await pool.query<UsageSqlRow>(sql, values);
  return toUsageRows(rows);
}

import { sql, type AliasedRawBuilder, type Expression, type ExpressionBuilder, type OrderByItemBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { UsageQuery } from '#protocol/api-queries';
import type { UsageGroupKey } from '#protocol/usage-grouping';
import type { TokenMetric } from '#protocol/usage-metric';
import { notDemoSession } from './demo-sessions';
import type { StoreSql } from './store-sql';
import type { UsageSessionRanking, UsageTotalsRow } from './event-store';
import {
  canUseHourlyRollup,
  exactRollupFor,
  groupKeysOf,
  needsAgent,
  needsDemoFilter,
  needsSessionDetails,
  rollupTableFor,
  toUsageRows,
  type RollupTable,
  type UsageSqlRow,
} from './usage-plan';

// The usage aggregate, one query for both stores, from token_usage or one of its
// hourly rollups: all give the same rows; which one answers, and the rows' order,
// are ./usage-plan.ts. Its columns depend on the query (group keys, bucket), so it
// is built from references and its rows are declared as UsageSqlRow. Each store
// only runs it: SQLite reads it in raw mode (sqlite/usage-raw-rows.ts).

type Column = AliasedRawBuilder<unknown, string>;

/** Each group key's column; the agent is per session, so it comes from the sessions table (`s`). */
const groupColumns: Record<UsageGroupKey, { column: string; alias: string; nullable: boolean }> = {
  source: { column: 'u.source', alias: 'source', nullable: false },
  model: { column: 'u.model', alias: 'model', nullable: false },
  session: { column: 'u.session_id', alias: 'session_id', nullable: false },
  // Sessions that never named their agent and calls without a label sort first (SQLite's order).
  agent: { column: 's.agent', alias: 'agent', nullable: true },
  label: { column: 'u.label', alias: 'label', nullable: true },
};

/** The sums every usage row carries, over `u` (token_usage rows, or rollup rows that already count calls). */
const usageSums = (fromRollup: boolean): Column[] => [
  sql`SUM(u.prompt_tokens)`.as('prompt_tokens'),
  sql`SUM(u.completion_tokens)`.as('completion_tokens'),
  sql`SUM(u.cache_read_tokens)`.as('cache_read_tokens'),
  sql`SUM(u.cache_write_tokens)`.as('cache_write_tokens'),
  (fromRollup ? sql`SUM(u.calls)` : sql`COUNT(*)`).as('calls'),
  (fromRollup ? sql`SUM(u.usage_report_calls)` : sql`SUM(CASE WHEN u.origin = 'usage_report' THEN 1 ELSE 0 END)`).as('usage_report_calls'),
  // NULL when no call reported a cost: SUM skips NULLs and is NULL over none.
  sql`SUM(u.reported_cost_usd)`.as('reported_cost_usd'),
];

/**
 * A session's own names beside its usage (needsSessionDetails). One value per session:
 * MAX only satisfies GROUP BY, which groups on u.session_id, not on the sessions row.
 */
const sessionDetailColumns = (aggregated: boolean): Column[] =>
  (['title', 'agent', 'producer'] as const).map((column) =>
    (aggregated ? sql`MAX(${sql.ref(`s.${column}`)})` : sql.ref(`s.${column}`)).as(`session_${column}`),
  );

/** The sums a rollup row already holds, read as they are. */
const rollupSums = ['prompt_tokens', 'completion_tokens', 'cache_read_tokens', 'cache_write_tokens', 'calls', 'usage_report_calls', 'reported_cost_usd'];

/** The aggregate's query: sums per group (and bucket), ordered by bucket then total tokens descending. */
export function usageQuery(store: StoreSql, query: UsageQuery) {
  const exactRollup = exactRollupFor(query);
  if (exactRollup !== null) return rollupRowsQuery(store, exactRollup, query);
  const { db, dialect } = store;
  const fromRollup = canUseHourlyRollup(query);
  const timeColumn = fromRollup ? 'u.hour_ms' : 'u.ts_ms';
  const groups = groupKeysOf(query).map((key) => groupColumns[key]);
  const bucket = query.bucket;

  const select: Column[] = [
    ...(bucket === undefined ? [] : [dialect.bucketStart(timeColumn, bucket).as('bucket_start_ms')]),
    ...groups.map((g) => sql.ref(g.column).as(g.alias)),
    ...usageSums(fromRollup),
    ...(needsSessionDetails(query) ? sessionDetailColumns(true) : []),
  ];
  // bucket_start_ms by its alias (no table has such a column); the rest by expression, since
  // SQLite resolves GROUP BY names against the tables first and `session_id` is in two of them.
  const keys = [...(bucket === undefined ? [] : [sql.ref('bucket_start_ms')]), ...groups.map((g) => sql.ref(g.column))];
  return db
    .selectFrom(rowsOf(store, query, fromRollup))
    .$if(needsAgent(query) || needsSessionDetails(query), (qb) => qb.leftJoin(sql.table('sessions').as('s'), (join) => join.onRef(sql.ref('s.session_id'), '=', sql.ref('u.session_id'))))
    .select(select)
    .where(usageFilter(store, query, fromRollup))
    .$if(keys.length > 0, (qb) => qb.groupBy(keys))
    .$if(bucket !== undefined, (qb) => qb.orderBy(sql.ref('bucket_start_ms')))
    // Within a bucket, the largest first; the group columns follow, so equal totals still come in a stable order.
    .orderBy(sql`SUM(u.prompt_tokens) + SUM(u.completion_tokens)`, 'desc')
    .$call((qb) => groups.reduce((ordered, g) => ordered.orderBy(sql.ref(g.column), (item) => textOrder(store, item, g.nullable)), qb))
    .$castTo<UsageSqlRow>();
}

/** The query's window and filters over `u` (raw rows or an hourly rollup) and, for the agent, `s`. */
function usageFilter({ dialect }: StoreSql, query: UsageQuery, fromRollup: boolean) {
  const timeColumn = fromRollup ? 'u.hour_ms' : 'u.ts_ms';
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (query.from !== undefined) conditions.push(eb(sql.ref(timeColumn), '>=', query.from));
    if (query.to !== undefined) conditions.push(eb(sql.ref(timeColumn), '<', query.to));
    if (query.source !== undefined) conditions.push(dialect.inList('u.source', query.source));
    if (query.model !== undefined) conditions.push(dialect.inList('u.model', query.model));
    if (query.agent !== undefined) conditions.push(dialect.inList('s.agent', query.agent));
    if (query.label !== undefined) conditions.push(dialect.inList('u.label', query.label));
    // A raw-row source already applies the session filter; the rollups take it here.
    if (fromRollup && query.session !== undefined) conditions.push(dialect.inList('u.session_id', query.session));
    if (needsDemoFilter(query, fromRollup ? rollupTableFor(query) : 'token_usage')) conditions.push(notDemoSession('u.session_id'));
    return eb.and(conditions);
  };
}

/** The token sums a session is ranked by (a cost ranking needs prices: the caller ranks priced rows itself). */
const tokenMetricSums: Record<TokenMetric, RawBuilder<number>> = {
  total: sql`SUM(u.prompt_tokens) + SUM(u.completion_tokens)`,
  prompt: sql`SUM(u.prompt_tokens)`,
  completion: sql`SUM(u.completion_tokens)`,
};

/**
 * The `limit` sessions with the most usage by `metric` under the query's window and
 * filters, largest first (equal ones as the aggregate sorts them), and how many
 * sessions have usage there: a fleet's ranking in one pass over the hourly rollup,
 * with only the top sessions' ids leaving the database.
 */
export async function topUsageSessions(store: StoreSql, query: UsageQuery, limit: number, metric: TokenMetric): Promise<UsageSessionRanking> {
  const bySession: UsageQuery = { ...query, group_by: ['session'], bucket: undefined };
  const fromRollup = canUseHourlyRollup(bySession);
  const rows = await store.db
    .selectFrom(rowsOf(store, bySession, fromRollup))
    .$if(needsAgent(bySession), (qb) => qb.leftJoin(sql.table('sessions').as('s'), (join) => join.onRef(sql.ref('s.session_id'), '=', sql.ref('u.session_id'))))
    .select([sql.ref('u.session_id').as('session_id'), sql`COUNT(*) OVER ()`.as('sessions')])
    .where(usageFilter(store, bySession, fromRollup))
    .groupBy(sql.ref('u.session_id'))
    // Equal figures in the aggregate's own order (most tokens, then the id in byte order), so
    // the cut falls where ranking every priced row would put it (../pricing/priced-usage.ts).
    .orderBy(tokenMetricSums[metric], 'desc')
    .$if(metric !== 'total', (qb) => qb.orderBy(tokenMetricSums.total, 'desc'))
    .orderBy(sql.ref('u.session_id'), (item) => store.dialect.byteOrder(item))
    .limit(limit)
    .$castTo<{ session_id: string; sessions: number | string }>()
    .execute();
  // PostgreSQL's COUNT is a bigint, which its driver hands back as text.
  return { sessionIds: rows.map((row) => row.session_id), sessions: rows.length === 0 ? 0 : Number(rows[0]!.sessions) };
}

/** Byte order (and, for a nullable key, nulls first) in either dialect. */
const textOrder = ({ dialect }: StoreSql, item: OrderByItemBuilder, nullable: boolean): OrderByItemBuilder =>
  nullable ? dialect.nullsFirst(dialect.byteOrder(item)) : dialect.byteOrder(item);

/**
 * The raw rows to aggregate, as `u`. token_usage has no session index (see the schemas):
 * a session's rows are reached through events_by_session, whatever the time window
 * (a CROSS JOIN keeps the events side outermost; SQLite never reorders one).
 */
function rowsOf({ db, dialect }: StoreSql, query: UsageQuery, fromRollup: boolean) {
  if (fromRollup) return sql.table(rollupTableFor(query)).as('u');
  const sessions = query.session;
  if (sessions === undefined) return sql.table('token_usage').as('u');
  return db
    .selectFrom('events as e')
    .crossJoin('token_usage as t')
    .selectAll('t')
    .whereRef('t.cursor', '=', 'e.cursor')
    .where(dialect.inList('e.session_id', sessions))
    .as('u');
}

/**
 * A rollup's rows as they are (see exactRollupFor): no GROUP BY. Aggregating them
 * again cost three times as much in PostgreSQL (its hash aggregate spilling to disk
 * at the default work_mem for a month by source and model).
 */
function rollupRowsQuery(store: StoreSql, table: RollupTable, query: UsageQuery) {
  const { db, dialect } = store;
  const keys = ['source', 'model', ...(table === 'usage_hourly' ? ['session_id'] : [])];
  // Qualified: the sessions table joined for the session details has a session_id too.
  const u = (column: string) => `u.${column}`;
  const details = table === 'usage_hourly' && needsSessionDetails(query);
  return db
    .selectFrom(sql.table(table).as('u'))
    .$if(details, (qb) => qb.leftJoin(sql.table('sessions').as('s'), (join) => join.onRef(sql.ref('s.session_id'), '=', sql.ref('u.session_id'))))
    .select([
      sql.ref(u('hour_ms')).as('bucket_start_ms'),
      ...[...keys, ...rollupSums].map((column) => sql.ref(u(column)).as(column)),
      ...(details ? sessionDetailColumns(false) : []),
    ])
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [];
      if (query.from !== undefined) conditions.push(eb(sql.ref(u('hour_ms')), '>=', query.from));
      if (query.to !== undefined) conditions.push(eb(sql.ref(u('hour_ms')), '<', query.to));
      if (query.source !== undefined) conditions.push(dialect.inList(u('source'), query.source));
      if (query.model !== undefined) conditions.push(dialect.inList(u('model'), query.model));
      if (query.session !== undefined) conditions.push(dialect.inList(u('session_id'), query.session));
      if (needsDemoFilter(query, table)) conditions.push(notDemoSession(u('session_id')));
      return eb.and(conditions);
    })
    .orderBy(sql.ref(u('hour_ms')))
    .orderBy(sql`${sql.ref(u('prompt_tokens'))} + ${sql.ref(u('completion_tokens'))}`, 'desc')
    .$call((qb) => keys.reduce((ordered, key) => ordered.orderBy(sql.ref(u(key)), (item) => dialect.byteOrder(item)), qb))
    .$castTo<UsageSqlRow>();
}

/** The aggregate's totals, read through the query builder (SQLite takes the raw-mode path instead). */
export async function usage(store: StoreSql, query: UsageQuery): Promise<UsageTotalsRow[]> {
  return toUsageRows(await usageQuery(store, query).execute());
}

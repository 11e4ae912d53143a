import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CompactionRecord, RlmCompletionRecord, RlmFallbackRecord, TokenUsageRecord } from '#protocol/api-schemas';
import type { CompactionQuery, RlmFallbackQuery, RlmQuery, TokenUsageQuery } from '#protocol/api-queries';
import type { Page } from './event-store';
import { excludesDemo, notDemoSession } from './demo-sessions';
import { compactionColumns, rlmCompletionColumns, rlmFallbackColumns, tokenUsageColumns, type StoreDatabase } from './store-database';
import type { StoreSql } from './store-sql';

// Reads of the typed tables, one implementation for both stores; paging follows
// the shared event cursor.

/** The filters every record list shares: session, time window (from inclusive, to exclusive) and cursor. */
interface RecordFilters {
  session?: string;
  from?: number;
  to?: number;
  after?: number;
  /** Only cursors below this: the next page of a newest-first (`order: 'desc'`) list. */
  before?: number;
  /** Cursor order of the page; ascending unless asked. */
  order?: 'asc' | 'desc';
  limit: number;
  /** Keep the built-in demo's sessions (./demo-sessions.ts); left out by default. */
  include_demo?: boolean;
}


/**
 * The filters every record list shares, on a typed table's own columns (each has
 * session_id, ts_ms and cursor), with `more` of the list's own.
 */
function recordFilters<DB extends StoreDatabase, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, query: RecordFilters, ...more: Expression<SqlBool>[]): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (query.session !== undefined) conditions.push(eb(sql.ref('session_id'), '=', query.session));
  if (query.from !== undefined) conditions.push(eb(sql.ref('ts_ms'), '>=', query.from));
  if (query.to !== undefined) conditions.push(eb(sql.ref('ts_ms'), '<', query.to));
  if (query.after !== undefined) conditions.push(eb(sql.ref('cursor'), '>', query.after));
  if (query.before !== undefined) conditions.push(eb(sql.ref('cursor'), '<', query.before));
  if (excludesDemo(query)) conditions.push(notDemoSession('session_id'));
  return eb.and([...conditions, ...more]);
}

/** A page is full when it has `limit` rows: there may be more, after (or, descending, before) its last cursor. */
const pageOf = <T extends { cursor: number }>(records: T[], limit: number): Page<T> => ({
  records,
  next_cursor: records.length === limit ? records[records.length - 1]!.cursor : null,
});

export async function rlmCompletions({ db }: StoreSql, query: RlmQuery): Promise<Page<RlmCompletionRecord>> {
  const rows = await db
    .selectFrom('rlm_completions')
    .select(rlmCompletionColumns)
    .where((eb) => recordFilters(eb, query))
    .orderBy('cursor', query.order)
    .limit(query.limit)
    .execute();
  return pageOf(rows, query.limit);
}

export async function compactions({ db }: StoreSql, query: CompactionQuery): Promise<Page<CompactionRecord>> {
  const rows = await db
    .selectFrom('compactions')
    .select(compactionColumns)
    .where((eb) => recordFilters(eb, query, ...(query.trace === undefined ? [] : [eb('trace_id', '=', query.trace)])))
    .orderBy('cursor', query.order)
    .limit(query.limit)
    .execute();
  return pageOf(rows, query.limit);
}

export async function rlmFallbacks({ db }: StoreSql, query: RlmFallbackQuery): Promise<Page<RlmFallbackRecord>> {
  const rows = await db
    .selectFrom('rlm_fallbacks')
    .select(rlmFallbackColumns)
    .where((eb) => recordFilters(eb, query))
    .orderBy('cursor', query.order)
    .limit(query.limit)
    .execute();
  return pageOf(rows, query.limit);
}

/**
 * token_usage's own filters on `token_usage AS t`, with the cursor taken from `cursor`
 * (the events side's when reached through it). The agent is per session, so it is
 * looked up in sessions.
 */
function tokenUsageFilters<DB extends StoreDatabase, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  { dialect }: StoreSql,
  query: TokenUsageQuery,
  cursor: 't.cursor' | 'e.cursor',
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (query.after !== undefined) conditions.push(eb(sql.ref(cursor), '>', query.after));
  if (query.from !== undefined) conditions.push(eb(sql.ref('t.ts_ms'), '>=', query.from));
  if (query.to !== undefined) conditions.push(eb(sql.ref('t.ts_ms'), '<', query.to));
  if (query.source !== undefined) conditions.push(dialect.inList('t.source', query.source));
  if (query.model !== undefined) conditions.push(dialect.inList('t.model', query.model));
  if (query.label !== undefined) conditions.push(dialect.inList('t.label', query.label));
  if (excludesDemo(query)) conditions.push(notDemoSession('t.session_id'));
  const agents = query.agent;
  if (agents !== undefined) {
    conditions.push(sql<SqlBool>`t.session_id IN (SELECT session_id FROM sessions WHERE ${dialect.inList('agent', agents)})`);
  }
  return eb.and(conditions);
}

const qualifiedTokenUsageColumns = tokenUsageColumns.map((column) => `t.${column}` as const);

/** Token usage records in cursor order. */
export async function tokenUsage(store: StoreSql, query: TokenUsageQuery): Promise<Page<TokenUsageRecord>> {
  const sessions = query.session;
  const rows =
    sessions === undefined
      ? await store.db
          .selectFrom('token_usage as t')
          .select(qualifiedTokenUsageColumns)
          .where((eb) => tokenUsageFilters(eb, store, query, 't.cursor'))
          .orderBy('t.cursor')
          .limit(query.limit)
          .execute()
      : // token_usage has no session index (see the schemas): a session's rows are reached through
        // events_by_session, in cursor order, so a page stops at its limit. CROSS JOIN keeps the
        // events side outermost (SQLite never reorders one).
        await store.db
          .selectFrom('events as e')
          .crossJoin('token_usage as t')
          .select(qualifiedTokenUsageColumns)
          .whereRef('t.cursor', '=', 'e.cursor')
          .where(store.dialect.inList('e.session_id', sessions))
          .where((eb) => tokenUsageFilters(eb, store, query, 'e.cursor'))
          .orderBy('e.cursor')
          .limit(query.limit)
          .execute();
  return pageOf(rows, query.limit);
}

import type pg from 'pg';
import type { CompactionRecord, RlmCompletionRecord, RlmFallbackRecord, TokenUsageRecord } from '../../../src/protocol/api-schemas';
import type { CompactionQuery, RlmFallbackQuery, RlmQuery, TokenUsageQuery } from '../../../src/protocol/api-queries';
import type { Page } from '../event-store';
import {
  compactionColumns,
  qualifiedColumns,
  rlmCompletionColumns,
  rlmFallbackColumns,
  tokenUsageColumns,
  type RecordFilters,
} from '../typed-table-sql';
import { excludesDemo, notDemoSession } from '../demo-sessions';
import { pgText, PgWhere } from './pg-sql';

// Reads of the typed tables (columns in ../typed-table-sql.ts); paging follows the shared event cursor.

/** The filters every record query shares: session, time window (from inclusive, to exclusive) and cursor. */
function commonWhere(query: RecordFilters): PgWhere {
  const where = new PgWhere()
    .addIf(query.session, 'session_id')
    .addIf(query.from, 'ts_ms', '>=')
    .addIf(query.to, 'ts_ms', '<')
    .addIf(query.after, 'cursor', '>')
    .addIf(query.before, 'cursor', '<');
  if (excludesDemo(query)) where.add(notDemoSession('session_id'));
  return where;
}

/** Token usage's own filters on `token_usage AS t`; the agent is per session, so it is looked up in sessions. */
function tokenUsageWhere(where: PgWhere, query: TokenUsageQuery): PgWhere {
  where.addIf(query.from, 't.ts_ms', '>=').addIf(query.to, 't.ts_ms', '<').addInList('t.source', query.source).addInList('t.model', query.model).addInList('t.label', query.label);
  if (excludesDemo(query)) where.add(notDemoSession('t.session_id'));
  if (query.agent !== undefined) {
    where.add(`t.session_id IN (SELECT session_id FROM sessions WHERE agent = ANY(${where.params.add(query.agent.map(pgText))}::text[]))`);
  }
  return where;
}

/**
 * Rows in cursor order (newest first with `desc`); `next_cursor` is the last one when the page
 * is full (there may be more): the next page's `after`, or its `before` when descending.
 */
async function page<T extends { cursor: number }>(
  pool: pg.Pool,
  from: string,
  columns: string,
  where: PgWhere,
  limit: number,
  cursorColumn = 'cursor',
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<T>> {
  const limitParam = where.params.add(limit);
  const sql = `SELECT ${columns} FROM ${from}${where.toSql()} ORDER BY ${cursorColumn}${order === 'desc' ? ' DESC' : ''} LIMIT ${limitParam}`;
  const { rows } = await pool.query<T>(sql, where.params.values);
  return { records: rows, next_cursor: rows.length === limit ? rows[rows.length - 1]!.cursor : null };
}

export function tokenUsage(pool: pg.Pool, query: TokenUsageQuery): Promise<Page<TokenUsageRecord>> {
  const columns = qualifiedColumns(tokenUsageColumns, 't');
  if (query.session === undefined) {
    const where = tokenUsageWhere(new PgWhere().addIf(query.after, 't.cursor', '>'), query);
    return page(pool, 'token_usage AS t', columns, where, query.limit, 't.cursor');
  }
  // token_usage has no session index (as in SQLite): the sessions' rows are reached through
  // events_by_session (session_id, cursor), in cursor order, so a page stops at its limit.
  const where = tokenUsageWhere(new PgWhere().addInList('e.session_id', query.session).addIf(query.after, 'e.cursor', '>'), query);
  return page(pool, 'events AS e JOIN token_usage AS t ON t.cursor = e.cursor', columns, where, query.limit, 'e.cursor');
}

export function rlmCompletions(pool: pg.Pool, query: RlmQuery): Promise<Page<RlmCompletionRecord>> {
  return page(pool, 'rlm_completions', rlmCompletionColumns, commonWhere(query), query.limit, 'cursor', query.order);
}

export function compactions(pool: pg.Pool, query: CompactionQuery): Promise<Page<CompactionRecord>> {
  return page(pool, 'compactions', compactionColumns, commonWhere(query).addIf(query.trace, 'trace_id'), query.limit, 'cursor', query.order);
}

export function rlmFallbacks(pool: pg.Pool, query: RlmFallbackQuery): Promise<Page<RlmFallbackRecord>> {
  return page(pool, 'rlm_fallbacks', rlmFallbackColumns, commonWhere(query), query.limit, 'cursor', query.order);
}

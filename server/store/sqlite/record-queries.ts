import type Database from 'better-sqlite3';
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
import { StatementCache, WhereClause } from './sql-builder';

// Reads of the typed tables (columns in ../typed-table-sql.ts); paging follows the shared event cursor.

/** The filters every record query shares: session, time window (from inclusive, to exclusive) and cursor. */
function commonWhere(query: RecordFilters): WhereClause {
  const where = new WhereClause()
    .addIf(query.session, 'session_id = ?')
    .addIf(query.from, 'ts_ms >= ?')
    .addIf(query.to, 'ts_ms < ?')
    .addIf(query.after, 'cursor > ?')
    .addIf(query.before, 'cursor < ?');
  if (excludesDemo(query)) where.add(notDemoSession('session_id'));
  return where;
}

/** Token usage's own filters on `token_usage AS t`; the agent is per session, so it is looked up in sessions. */
function tokenUsageWhere(where: WhereClause, query: TokenUsageQuery): WhereClause {
  where.addInList('t.source', query.source).addInList('t.model', query.model).addInList('t.label', query.label);
  if (excludesDemo(query)) where.add(notDemoSession('t.session_id'));
  if (query.agent !== undefined) {
    where.add('t.session_id IN (SELECT session_id FROM sessions WHERE agent IN (SELECT value FROM json_each(?)))', JSON.stringify(query.agent));
  }
  return where;
}

export class RecordQueries {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  tokenUsage(query: TokenUsageQuery): Page<TokenUsageRecord> {
    if (query.session !== undefined) return this.sessionTokenUsage(query.session, query);
    const where = tokenUsageWhere(
      new WhereClause().addIf(query.from, 't.ts_ms >= ?').addIf(query.to, 't.ts_ms < ?').addIf(query.after, 't.cursor > ?'),
      query,
    );
    return this.page<TokenUsageRecord>('token_usage AS t', qualifiedColumns(tokenUsageColumns, 't'), where, query.limit, 't.cursor');
  }

  /**
   * token_usage has no session index (see the schema): the sessions' rows are reached
   * through events_by_session, in cursor order, so a page stops at its limit.
   * CROSS JOIN keeps the events side outermost.
   */
  private sessionTokenUsage(sessions: readonly string[], query: TokenUsageQuery): Page<TokenUsageRecord> {
    const where = new WhereClause()
      .addInList('e.session_id', sessions)
      .addIf(query.after, 'e.cursor > ?')
      .addIf(query.from, 't.ts_ms >= ?')
      .addIf(query.to, 't.ts_ms < ?');
    return this.page<TokenUsageRecord>(
      'events AS e CROSS JOIN token_usage AS t ON t.cursor = e.cursor',
      qualifiedColumns(tokenUsageColumns, 't'),
      tokenUsageWhere(where, query),
      query.limit,
      'e.cursor',
    );
  }

  rlmCompletions(query: RlmQuery): Page<RlmCompletionRecord> {
    return this.page<RlmCompletionRecord>('rlm_completions', rlmCompletionColumns, commonWhere(query), query.limit, 'cursor', query.order);
  }

  compactions(query: CompactionQuery): Page<CompactionRecord> {
    const where = commonWhere(query).addIf(query.trace, 'trace_id = ?');
    return this.page<CompactionRecord>('compactions', compactionColumns, where, query.limit, 'cursor', query.order);
  }

  rlmFallbacks(query: RlmFallbackQuery): Page<RlmFallbackRecord> {
    return this.page<RlmFallbackRecord>('rlm_fallbacks', rlmFallbackColumns, commonWhere(query), query.limit, 'cursor', query.order);
  }

  /**
   * Rows in cursor order (newest first with `desc`); `next_cursor` is the last one when the page
   * is full (there may be more): the next page's `after`, or its `before` when descending.
   */
  private page<T extends { cursor: number }>(
    from: string,
    columns: string,
    where: WhereClause,
    limit: number,
    cursorColumn = 'cursor',
    order: 'asc' | 'desc' = 'asc',
  ): Page<T> {
    const records = this.statements
      .get(`SELECT ${columns} FROM ${from}${where.toSql()} ORDER BY ${cursorColumn}${order === 'desc' ? ' DESC' : ''} LIMIT ?`)
      .all(...where.params, limit) as T[];
    return { records, next_cursor: records.length === limit ? records[records.length - 1]!.cursor : null };
  }
}

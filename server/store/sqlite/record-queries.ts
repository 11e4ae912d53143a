import type Database from 'better-sqlite3';
import type { CompactionRecord, RlmCompletionRecord, TokenUsageRecord } from '../../../src/protocol/api-schemas';
import type { CompactionQuery, RlmQuery, TokenUsageQuery } from '../../../src/protocol/api-queries';
import type { Page } from '../event-store';
import { StatementCache, WhereClause } from './sql-builder';

// Reads of the typed tables. Their columns are named after the record fields, so
// a row is the record; paging follows the shared event cursor.

const recordColumns = 'cursor, session_id, seq, ts_ms';
const tokenUsageColumns = `${recordColumns}, source, model, prompt_tokens, completion_tokens, cache_read_tokens, cache_write_tokens, duration_ms`;
/** The same columns from `token_usage AS t` (they come back under their plain names). */
const qualifiedTokenUsageColumns = tokenUsageColumns
  .split(', ')
  .map((column) => `t.${column}`)
  .join(', ');
const rlmCompletionColumns = `${recordColumns}, trace_id, outcome, iterations, subcalls, input_tokens, output_tokens, elapsed_ms, reason,
  root_model, subcall_model_used`;
const compactionColumns = `${recordColumns}, trace_id, kind, reason, strategy, before_tokens, after_tokens, budget, kept_messages,
  dropped_tokens, archive_ref`;

interface RecordFilters {
  session?: string;
  from?: number;
  to?: number;
  after?: number;
  limit: number;
}

/** The filters every record query shares: session, time window (from inclusive, to exclusive) and cursor. */
function commonWhere(query: RecordFilters): WhereClause {
  return new WhereClause()
    .addIf(query.session, 'session_id = ?')
    .addIf(query.from, 'ts_ms >= ?')
    .addIf(query.to, 'ts_ms < ?')
    .addIf(query.after, 'cursor > ?');
}

export class RecordQueries {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  tokenUsage(query: TokenUsageQuery): Page<TokenUsageRecord> {
    if (query.session !== undefined) return this.sessionTokenUsage(query.session, query);
    const where = commonWhere(query).addInList('source', query.source).addIf(query.model, 'model = ?');
    return this.page<TokenUsageRecord>('token_usage', tokenUsageColumns, where, query.limit);
  }

  /**
   * token_usage has no session index (see the schema): a session's rows are reached
   * through events_by_session, in cursor order, so a page stops at its limit.
   * CROSS JOIN keeps the events side outermost.
   */
  private sessionTokenUsage(session: string, query: TokenUsageQuery): Page<TokenUsageRecord> {
    const where = new WhereClause()
      .add('e.session_id = ?', session)
      .addIf(query.after, 'e.cursor > ?')
      .addIf(query.from, 't.ts_ms >= ?')
      .addIf(query.to, 't.ts_ms < ?')
      .addInList('t.source', query.source)
      .addIf(query.model, 't.model = ?');
    return this.page<TokenUsageRecord>(
      'events AS e CROSS JOIN token_usage AS t ON t.cursor = e.cursor',
      qualifiedTokenUsageColumns,
      where,
      query.limit,
      'e.cursor',
    );
  }

  rlmCompletions(query: RlmQuery): Page<RlmCompletionRecord> {
    return this.page<RlmCompletionRecord>('rlm_completions', rlmCompletionColumns, commonWhere(query), query.limit);
  }

  compactions(query: CompactionQuery): Page<CompactionRecord> {
    const where = commonWhere(query).addIf(query.trace, 'trace_id = ?');
    return this.page<CompactionRecord>('compactions', compactionColumns, where, query.limit);
  }

  /** Rows in cursor order; `next_cursor` is the last one when the page is full (there may be more). */
  private page<T extends { cursor: number }>(from: string, columns: string, where: WhereClause, limit: number, cursorColumn = 'cursor'): Page<T> {
    const records = this.statements
      .get(`SELECT ${columns} FROM ${from}${where.toSql()} ORDER BY ${cursorColumn} LIMIT ?`)
      .all(...where.params, limit) as T[];
    return { records, next_cursor: records.length === limit ? records[records.length - 1]!.cursor : null };
  }
}

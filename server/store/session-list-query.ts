import { expressionBuilder, sql, type AliasableExpression, type Expression, type OrderByModifiers, type SqlBool } from 'kysely';
import type { SessionListQuery } from '#protocol/api-queries';
import type { SessionList } from '#protocol/api-schemas';
import { decodeSessionCursor } from '#protocol/session-cursor';
import { sessionListReply, type CountRow, type PageRow } from './session-list-reply';
import { summaryOfRow, type SessionRow } from './session-queries';
import { selectedKinds, StatusSql, type StatusClock } from './session-status-sql';
import { rowsOf, type SqlSteps } from './sql-steps';
import type { StoreDatabase } from './store-database';
import type { StoreSql } from './store-sql';

// `GET /api/v1/sessions`, one implementation for both stores: a page filtered by
// operator status (./session-status-sql.ts), text, agent, model, producer and time,
// sorted by any column with keyset paging, and the per-status counts of every
// session the other filters select. Its statements run as steps (./sql-steps.ts)
// that each store reads in one snapshot, so the page and the counts see the same commit.

type Condition = Expression<SqlBool>;

const eb = expressionBuilder<StoreDatabase, 'sessions'>();

/** A sort's key: what rows are ordered by, and whether it can be NULL (those sort last either way). */
interface SortKey {
  expr: AliasableExpression<unknown>;
  nullable: boolean;
}

function sortKeyOf({ dialect }: StoreSql, query: SessionListQuery, status: StatusSql): SortKey {
  switch (query.sort) {
    case 'last_seen':
      return { expr: eb.ref('last_seen_ms'), nullable: false };
    case 'first_seen':
      return { expr: eb.ref('first_seen_ms'), nullable: false };
    case 'tokens':
      return { expr: eb.ref('total_tokens'), nullable: false };
    case 'events':
      return { expr: eb.ref('event_count'), nullable: false };
    case 'cost':
      return { expr: eb.ref('cost_usd'), nullable: true };
    case 'title':
    case 'agent':
    case 'model':
      return { expr: dialect.caseless(query.sort), nullable: true };
    case 'status':
      return { expr: status.rank(), nullable: false };
  }
}

/** The conditions of every filter but `status`. */
function filterConditions({ dialect }: StoreSql, query: SessionListQuery): Condition[] {
  const filters: Condition[] = [];
  if (query.q !== undefined && query.q !== '') {
    // A substring, not a LIKE pattern: a `%` or `_` typed into the search box means itself.
    const needle = query.q.toLowerCase();
    filters.push(eb.or([dialect.contains(dialect.foldedTitle, needle), dialect.contains(sql<string>`lower(session_id)`, needle)]));
  }
  if (query.agent !== undefined) filters.push(eb('agent', '=', query.agent));
  if (query.model !== undefined) filters.push(eb('model', '=', query.model));
  if (query.producer !== undefined) filters.push(eb('producer', '=', query.producer));
  if (query.from !== undefined) filters.push(eb('last_seen_ms', '>=', query.from));
  if (query.to !== undefined) filters.push(eb('last_seen_ms', '<', query.to));
  return filters;
}

/** Where the page starts: after the cursor's row, in the sort's order (nulls last, then session id). */
function afterCursor(store: StoreSql, query: SessionListQuery, key: SortKey): Condition | null {
  const cursor = query.cursor === undefined ? null : decodeSessionCursor(query.cursor);
  if (cursor === null) return null;
  const op = query.order === 'asc' ? '>' : '<';
  const sessionId = store.dialect.inByteOrder('session_id');
  if (cursor.value === null) return eb.and([eb(key.expr, 'is', null), eb(sessionId, op, cursor.sessionId)]);
  const after = eb(eb.tuple(key.expr, sessionId), op, eb.tuple(cursor.value, cursor.sessionId));
  return key.nullable ? eb.or([eb(key.expr, 'is', null), after]) : after;
}

/** The page: `summary`, `cost_usd`, `unpriced_tokens` and `sort_key` per row, one more than the limit. */
function pageQuery(store: StoreSql, query: SessionListQuery, clock: StatusClock) {
  const { db, dialect } = store;
  const status = new StatusSql(clock, query.stalled_after_ms);
  const key = sortKeyOf(store, query, status);
  const conditions = filterConditions(store, query);
  if (query.status !== undefined) conditions.push(status.ofAny(selectedKinds(query.status)));
  const after = afterCursor(store, query, key);
  if (after !== null) conditions.push(after);
  const direction = query.order;
  // NULLS LAST reads alike in both dialects, and SQLite still walks an index for it (nulls in a second pass).
  const keyOrder: OrderByModifiers = key.nullable ? (ob) => ob[direction]().nullsLast() : direction;
  return db
    .selectFrom('sessions')
    .select([sql.ref(dialect.summaryColumn).as('summary'), 'cost_usd', 'unpriced_tokens', key.expr.as('sort_key')])
    .$if(conditions.length > 0, (qb) => qb.where(eb.and(conditions)))
    .orderBy(key.expr, keyOrder)
    .orderBy(dialect.inByteOrder('session_id'), direction)
    .limit(query.limit + 1)
    .offset(query.offset)
    .$castTo<SessionRow & PageRow>();
}

/**
 * The counts, over every filter but `status`, in three statements, each along an
 * index with no per-row CASE: all sessions (a table count when unfiltered), the
 * errors, and the others by activity with how many of them fell silent. Done is what
 * remains. (One GROUP BY over a CASE of every row was the slow part.)
 */
function countQueries(store: StoreSql, query: SessionListQuery, clock: StatusClock) {
  const silence = new StatusSql(clock, query.stalled_after_ms);
  const countIf = (condition: Condition) => eb.fn.sum<number>(eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end());
  const counted = (first: Condition | null) => {
    const conditions = [...(first === null ? [] : [first]), ...filterConditions(store, query)];
    return store.db.selectFrom('sessions').$if(conditions.length > 0, (qb) => qb.where(eb.and(conditions)));
  };
  const constant = (kind: string) => [sql.lit(kind).as('kind'), eb.lit(0).as('abandoned'), eb.lit(0).as('fresh'), eb.fn.countAll<number>().as('n')];
  return [
    counted(null).select(constant('*')).$castTo<CountRow>(),
    counted(eb('status', '=', sql.lit('error'))).select(constant('error')).$castTo<CountRow>(),
    counted(eb('status', '=', sql.lit('active')))
      .select([
        eb.ref('activity').as('kind'),
        countIf(silence.abandoned).as('abandoned'),
        countIf(eb.and([silence.notAbandoned, silence.notStalled])).as('fresh'),
        eb.fn.countAll<number>().as('n'),
      ])
      .groupBy('activity')
      .$castTo<CountRow>(),
  ];
}

/** The listing's statements and its reply; run them in one snapshot (StoreReads.listSessions). */
export function* sessionList(store: StoreSql, query: SessionListQuery, clock: StatusClock): SqlSteps<SessionList> {
  const rows = yield* rowsOf(pageQuery(store, query, clock));
  const counts: CountRow[] = [];
  for (const countQuery of countQueries(store, query, clock)) counts.push(...(yield* rowsOf(countQuery)));
  return sessionListReply(query, clock, rows, counts, summaryOfRow);
}

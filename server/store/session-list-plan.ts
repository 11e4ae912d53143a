import type { SessionListQuery, SessionStatusFilter } from '../../src/protocol/api-queries';
import type { SessionList, SessionSummary } from '../../src/protocol/api-schemas';
import { decodeSessionCursor, encodeSessionCursor } from '../../src/protocol/session-cursor';
import { DEFAULT_ABANDONED_AFTER_MS } from '../../src/protocol/session-silence';
import { isActiveStatus, operatorStatusKinds, type OperatorStatusKind } from '../../src/protocol/session-status';

// `GET /api/v1/sessions` as SQL, for both dialects: the operator status of
// src/protocol/session-status.ts `deriveStatus` (summary alone) evaluated from the
// columns status, activity and last_seen_ms against "now", keyset paging, and the
// per-status counts. Each store supplies its dialect (placeholders, collations).

export type SqlParam = string | number | null;

/** The "now" and silence thresholds a listing derives statuses at. */
export interface StatusClock {
  nowMs: number;
  /** The server's abandoned silence (TETHER_ABANDONED_AFTER_MIN, as the alerts use it). */
  abandonedAfterMs: number;
}

export const defaultStatusClock = (): StatusClock => ({ nowMs: Date.now(), abandonedAfterMs: DEFAULT_ABANDONED_AFTER_MS });

export interface SessionListDialect {
  /** The placeholder of the `index`th parameter (0-based), `value` telling its type. */
  placeholder(index: number, value: SqlParam): string;
  /** Case-insensitive substring of the title or the id, given the placeholder of the lower-cased needle. */
  textMatch(needle: string): string;
  /** A text parameter as the dialect can bind it. */
  text(value: string): string;
  /** Sort expressions of the text columns (the dialect's collation). */
  titleKey: string;
  textKey(column: 'agent' | 'model'): string;
  sessionIdKey: string;
  /** ORDER BY terms of a nullable key, nulls last in both directions. */
  nullsLast(expr: string, direction: 'ASC' | 'DESC'): string;
}

/** Every kind a `status` filter selects (`active`: not ended and not abandoned). */
export function selectedKinds(filters: readonly SessionStatusFilter[]): Set<OperatorStatusKind> {
  const kinds = new Set<OperatorStatusKind>();
  for (const name of filters) {
    if (name !== 'active') kinds.add(name);
    else for (const kind of operatorStatusKinds.filter(isActiveStatus)) kinds.add(kind);
  }
  return kinds;
}

const activityKinds: ReadonlySet<OperatorStatusKind> = new Set(['thinking', 'streaming', 'running_tool', 'compacting', 'rlm', 'retrying', 'idle']);

/**
 * SQL fragments over the clock's boundaries. deriveStatus's silence is
 * `now - last_seen_ms` and counts only when last_seen_ms > 0; "silent longer
 * than T" is "last_seen_ms < now - T", a range the (status, activity, last_seen_ms)
 * index answers.
 */
class StatusSql {
  private abandonedBefore: string | null = null;
  private stalledBefore: string | null = null;

  /** The boundaries become parameters on first use, so a statement binds only what it reads. */
  constructor(
    private readonly param: (value: SqlParam) => string,
    private readonly clock: StatusClock,
    private readonly stalledAfterMs: number,
  ) {}

  private get abandonedAt(): string {
    return (this.abandonedBefore ??= this.param(this.clock.nowMs - this.clock.abandonedAfterMs));
  }

  private get stalledAt(): string {
    return (this.stalledBefore ??= this.param(this.clock.nowMs - this.stalledAfterMs));
  }

  get abandoned(): string {
    return `(last_seen_ms > 0 AND last_seen_ms < ${this.abandonedAt})`;
  }

  get notAbandoned(): string {
    return `(last_seen_ms >= ${this.abandonedAt} OR last_seen_ms <= 0)`;
  }

  get stalled(): string {
    return `(last_seen_ms > 0 AND last_seen_ms < ${this.stalledAt})`;
  }

  get notStalled(): string {
    return `(last_seen_ms >= ${this.stalledAt} OR last_seen_ms <= 0)`;
  }

  /** The operator status kind of a row, with deriveStatus's precedence: ended > abandoned > awaiting approval > stalled > activity (for sorting by it). */
  kind(): string {
    return `CASE WHEN status <> 'active' THEN status WHEN ${this.abandoned} THEN 'abandoned' WHEN activity = 'awaiting_approval' THEN activity WHEN ${this.stalled} THEN 'stalled' ELSE activity END`;
  }

  /** Sessions not ended, of one kind (the caller adds `status = 'active'`). */
  private going(kind: Exclude<OperatorStatusKind, 'done' | 'error'>): string {
    switch (kind) {
      case 'abandoned':
        return this.abandoned;
      case 'awaiting_approval':
        return `(activity = 'awaiting_approval' AND ${this.notAbandoned})`;
      case 'stalled':
        return `(activity <> 'awaiting_approval' AND ${this.stalled} AND ${this.notAbandoned})`;
      default:
        return `(activity = '${kind}' AND ${this.notAbandoned} AND ${this.notStalled})`;
    }
  }

  /**
   * Rows of any of `kinds`, as conditions an index can serve: the ended kinds by
   * status, the others under one `status = 'active'` (so the planner can range over
   * an index led by status), the plain activities sharing one `activity IN`.
   */
  ofAny(kinds: ReadonlySet<OperatorStatusKind>): string {
    const ended = [...kinds].filter((kind) => kind === 'done' || kind === 'error');
    const going = [...kinds].filter((kind): kind is Exclude<OperatorStatusKind, 'done' | 'error'> => kind !== 'done' && kind !== 'error');
    const plain = going.filter((kind) => activityKinds.has(kind));
    const terms = going.filter((kind) => !activityKinds.has(kind)).map((kind) => this.going(kind));
    if (plain.length === 1) terms.push(this.going(plain[0] as 'idle'));
    else if (plain.length > 1) terms.push(`(activity IN (${plain.map((kind) => `'${kind}'`).join(', ')}) AND ${this.notAbandoned} AND ${this.notStalled})`);
    const parts: string[] = [];
    if (ended.length > 0) parts.push(`status IN (${ended.map((kind) => `'${kind}'`).join(', ')})`);
    if (terms.length > 0) parts.push(`(status = 'active' AND ${terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`})`);
    return parts.length === 0 ? '1 = 0' : parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  }
}

interface SortKey {
  expr: string;
  nullable: boolean;
}

function sortKeyOf(query: SessionListQuery, dialect: SessionListDialect, status: StatusSql): SortKey {
  switch (query.sort) {
    case 'last_seen':
      return { expr: 'last_seen_ms', nullable: false };
    case 'first_seen':
      return { expr: 'first_seen_ms', nullable: false };
    case 'tokens':
      return { expr: 'total_tokens', nullable: false };
    case 'events':
      return { expr: 'event_count', nullable: false };
    case 'cost':
      return { expr: 'cost_usd', nullable: true };
    case 'title':
      return { expr: dialect.titleKey, nullable: true };
    case 'agent':
    case 'model':
      return { expr: dialect.textKey(query.sort), nullable: true };
    case 'status': {
      // The kind's place in operatorStatusKinds, the order the UI lists them in.
      const ranks = operatorStatusKinds.map((kind, i) => `WHEN '${kind}' THEN ${i}`).join(' ');
      return { expr: `(CASE ${status.kind()} ${ranks} END)`, nullable: false };
    }
  }
}

export interface SessionListSql {
  /** The page: `summary`, `cost_usd`, `unpriced_tokens` and `sort_key` per row, one more than the limit. */
  pageSql: string;
  pageParams: SqlParam[];
  /** Statements of CountRow rows, over every filter but `status` (statusCountsOf reads them together). */
  countStatements: { sql: string; params: SqlParam[] }[];
}

/** One statement's parameters, each placed by the dialect. */
function paramList(dialect: SessionListDialect): { params: SqlParam[]; param: (value: SqlParam) => string } {
  const params: SqlParam[] = [];
  return { params, param: (value) => dialect.placeholder(params.push(value) - 1, value) };
}

/** The conditions of every filter but `status`. */
function filterConditions(query: SessionListQuery, dialect: SessionListDialect, param: (value: SqlParam) => string): string[] {
  const filters: string[] = [];
  // Text bound in the dialect's text form (a NUL-free one for PostgreSQL).
  if (query.q !== undefined && query.q !== '') filters.push(dialect.textMatch(param(dialect.text(query.q.toLowerCase()))));
  if (query.agent !== undefined) filters.push(`agent = ${param(dialect.text(query.agent))}`);
  if (query.model !== undefined) filters.push(`model = ${param(dialect.text(query.model))}`);
  if (query.producer !== undefined) filters.push(`producer = ${param(dialect.text(query.producer))}`);
  if (query.from !== undefined) filters.push(`last_seen_ms >= ${param(query.from)}`);
  if (query.to !== undefined) filters.push(`last_seen_ms < ${param(query.to)}`);
  return filters;
}

const whereOf = (conditions: readonly string[]) => (conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`);

/** Builds the page and counts statements of a listing. */
export function sessionListSql(
  query: SessionListQuery,
  clock: StatusClock,
  dialect: SessionListDialect,
  summaryColumn: string,
): SessionListSql {
  // Counts in three statements, each along an index with no per-row CASE: all sessions (a
  // table count when unfiltered), the errors, and the others by activity with how many of them
  // fell silent. Done is what remains. (One GROUP BY over a CASE of every row was the slow part.)
  type Param = (value: SqlParam) => string;
  const countStatement = (select: (param: Param) => string, conditions: (param: Param) => string[], groupBy = '') => {
    const counts = paramList(dialect);
    const sql = `SELECT ${select(counts.param)} FROM sessions${whereOf(conditions(counts.param))}${groupBy}`;
    return { sql, params: counts.params };
  };
  const filtersWith = (first: string | null) => (param: Param) => [...(first === null ? [] : [first]), ...filterConditions(query, dialect, param)];
  const countStatements = [
    countStatement(() => `'*' AS kind, 0 AS abandoned, 0 AS fresh, COUNT(*) AS n`, filtersWith(null)),
    countStatement(() => `'error' AS kind, 0 AS abandoned, 0 AS fresh, COUNT(*) AS n`, filtersWith(`status = 'error'`)),
    countStatement((param) => {
      const silence = new StatusSql(param, clock, query.stalled_after_ms);
      const countIf = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
      return `activity AS kind, ${countIf(silence.abandoned)} AS abandoned, ${countIf(`${silence.notAbandoned} AND ${silence.notStalled}`)} AS fresh, COUNT(*) AS n`;
    }, filtersWith(`status = 'active'`), ' GROUP BY activity'),
  ];

  const page = paramList(dialect);
  const param = page.param;
  const status = new StatusSql(param, clock, query.stalled_after_ms);
  const filters = filterConditions(query, dialect, param);
  const pageConditions = [...filters];
  if (query.status !== undefined) pageConditions.push(status.ofAny(selectedKinds(query.status)));
  const key = sortKeyOf(query, dialect, status);
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const cursor = query.cursor === undefined ? null : decodeSessionCursor(query.cursor);
  if (cursor !== null) {
    const op = direction === 'ASC' ? '>' : '<';
    const id = param(cursor.sessionId);
    if (cursor.value === null) {
      pageConditions.push(`(${key.expr} IS NULL AND ${dialect.sessionIdKey} ${op} ${id})`);
    } else {
      const after = `(${key.expr}, ${dialect.sessionIdKey}) ${op} (${param(cursor.value)}, ${id})`;
      pageConditions.push(key.nullable ? `(${key.expr} IS NULL OR ${after})` : after);
    }
  }
  const order = key.nullable ? dialect.nullsLast(key.expr, direction) : `${key.expr} ${direction}`;
  const limit = param(query.limit + 1);
  const offset = param(query.offset);
  const pageSql =
    `SELECT ${summaryColumn} AS summary, cost_usd, unpriced_tokens, ${key.expr} AS sort_key FROM sessions${whereOf(pageConditions)}` +
    ` ORDER BY ${order}, ${dialect.sessionIdKey} ${direction} LIMIT ${limit} OFFSET ${offset}`;
  return { pageSql, pageParams: page.params, countStatements };
}

export interface PageRow {
  sort_key: SqlParam;
}

/** `*` (all sessions) or `error` with its count, or an activity of sessions not ended with its count, how many are abandoned and how many neither abandoned nor stalled. */
export interface CountRow {
  kind: string;
  abandoned: number;
  fresh: number;
  n: number;
}

/** The per-kind counts, with deriveStatus's precedence: abandoned first, then an approval wait, then stalled. */
function statusCountsOf(rows: readonly CountRow[]): Record<OperatorStatusKind, number> {
  const counts = Object.fromEntries(operatorStatusKinds.map((kind) => [kind, 0])) as Record<OperatorStatusKind, number>;
  let all = 0;
  let notDone = 0;
  for (const row of rows) {
    const [n, abandoned, fresh] = [Number(row.n), Number(row.abandoned), Number(row.fresh)];
    if (row.kind === '*') {
      all += n;
      continue;
    }
    notDone += n;
    if (row.kind === 'error') {
      counts.error += n;
    } else if (row.kind === 'awaiting_approval') {
      counts.abandoned += abandoned;
      counts.awaiting_approval += n - abandoned;
    } else if (Object.hasOwn(counts, row.kind)) {
      counts.abandoned += abandoned;
      counts.stalled += n - abandoned - fresh;
      counts[row.kind as OperatorStatusKind] += fresh;
    }
  }
  counts.done = all - notDone;
  return counts;
}

/** The reply from the statements' rows: a page of `limit`, its cursor, the counts and the total. */
export function sessionListReply<R extends PageRow>(
  query: SessionListQuery,
  clock: StatusClock,
  rows: readonly R[],
  counts: readonly CountRow[],
  summaryOf: (row: R) => SessionSummary,
): SessionList {
  const statusCounts = statusCountsOf(counts);
  const kinds = query.status === undefined ? operatorStatusKinds : [...selectedKinds(query.status)];
  const total = kinds.reduce((sum, kind) => sum + statusCounts[kind], 0);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const sessions = page.map(summaryOf);
  const next_cursor =
    rows.length > query.limit && last !== undefined
      ? encodeSessionCursor({ sort: query.sort, order: query.order, value: last.sort_key, sessionId: sessions.at(-1)!.session_id })
      : null;
  return { sessions, total, next_cursor, status_counts: statusCounts, server_time_ms: clock.nowMs };
}

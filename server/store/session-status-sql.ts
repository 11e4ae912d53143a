import { expressionBuilder, sql, type AliasableExpression, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { SessionStatusFilter } from '#protocol/api-queries';
import { DEFAULT_ABANDONED_AFTER_MS } from '#protocol/session-silence';
import { isActiveStatus, operatorStatusKinds, type OperatorStatusKind } from '#protocol/session-status';
import type { StoreDatabase } from './store-database';

// The operator status of src/protocol/session-status.ts `deriveStatus` (summary
// alone), evaluated in SQL from the `sessions` columns status, activity and
// last_seen_ms against "now": as conditions the session listing filters and counts
// by (./session-list-query.ts), and as the kind it sorts by. Written once with the
// query builder; both dialects read it alike.

/** The "now" and silence thresholds a listing derives statuses at. */
export interface StatusClock {
  nowMs: number;
  /** The server's abandoned silence (TETHER_ABANDONED_AFTER_MIN, as the alerts use it). */
  abandonedAfterMs: number;
}

export const defaultStatusClock = (): StatusClock => ({ nowMs: Date.now(), abandonedAfterMs: DEFAULT_ABANDONED_AFTER_MS });

/** Every kind a `status` filter selects (`active`: not ended and not abandoned). */
export function selectedKinds(filters: readonly SessionStatusFilter[]): Set<OperatorStatusKind> {
  const kinds = new Set<OperatorStatusKind>();
  for (const name of filters) {
    if (name !== 'active') kinds.add(name);
    else for (const kind of operatorStatusKinds.filter(isActiveStatus)) kinds.add(kind);
  }
  return kinds;
}

type GoingKind = Exclude<OperatorStatusKind, 'done' | 'error'>;
type Condition = Expression<SqlBool>;

const activityKinds: ReadonlySet<OperatorStatusKind> = new Set(['thinking', 'streaming', 'running_tool', 'compacting', 'rlm', 'retrying', 'idle']);
const isEnded = (kind: OperatorStatusKind): kind is 'done' | 'error' => kind === 'done' || kind === 'error';

/**
 * Kinds and statuses are constants of the SQL text, not parameters, so a planner
 * sees which part of an index led by status (and activity) a condition reads.
 */
const text = (value: string) => sql.lit(value) as RawBuilder<string>;

/**
 * Conditions over the clock's boundaries. deriveStatus's silence is
 * `now - last_seen_ms` and counts only when last_seen_ms > 0; "silent longer than T"
 * is "last_seen_ms < now - T", a range the (status, activity, last_seen_ms) index answers.
 */
export class StatusSql {
  private readonly eb: ExpressionBuilder<StoreDatabase, 'sessions'> = expressionBuilder<StoreDatabase, 'sessions'>();
  private readonly abandonedAt: number;
  private readonly stalledAt: number;

  constructor(clock: StatusClock, stalledAfterMs: number) {
    this.abandonedAt = clock.nowMs - clock.abandonedAfterMs;
    this.stalledAt = clock.nowMs - stalledAfterMs;
  }

  /** Silent for longer than the threshold that falls at `before`. */
  private silentBefore(before: number): Condition {
    const { eb } = this;
    return eb.and([eb('last_seen_ms', '>', eb.lit(0)), eb('last_seen_ms', '<', before)]);
  }

  private heardSince(since: number): Condition {
    const { eb } = this;
    return eb.or([eb('last_seen_ms', '>=', since), eb('last_seen_ms', '<=', eb.lit(0))]);
  }

  get abandoned(): Condition {
    return this.silentBefore(this.abandonedAt);
  }

  get notAbandoned(): Condition {
    return this.heardSince(this.abandonedAt);
  }

  get stalled(): Condition {
    return this.silentBefore(this.stalledAt);
  }

  get notStalled(): Condition {
    return this.heardSince(this.stalledAt);
  }

  /** The operator status kind of a row, with deriveStatus's precedence: ended > abandoned > awaiting approval > stalled > activity. */
  kind(): AliasableExpression<string> {
    const { eb } = this;
    return eb
      .case()
      .when('status', '<>', text('active'))
      .then(eb.ref('status'))
      .when(this.abandoned)
      .then(text('abandoned'))
      .when('activity', '=', text('awaiting_approval'))
      .then(eb.ref('activity'))
      .when(this.stalled)
      .then(text('stalled'))
      .else(eb.ref('activity'))
      .end();
  }

  /** The kind's place in operatorStatusKinds, the order the UI lists them in (for sorting by status). */
  rank(): AliasableExpression<number> {
    const { eb } = this;
    const [first, ...rest] = operatorStatusKinds;
    let ranked = eb.case(this.kind()).when(text(first!)).then(eb.lit<number>(0));
    rest.forEach((kind, i) => (ranked = ranked.when(text(kind)).then(eb.lit<number>(i + 1))));
    return ranked.end() as AliasableExpression<number>;
  }

  /** Sessions not ended, of one kind (the caller adds `status = 'active'`). */
  private going(kind: GoingKind): Condition {
    const { eb } = this;
    switch (kind) {
      case 'abandoned':
        return this.abandoned;
      case 'awaiting_approval':
        return eb.and([eb('activity', '=', text(kind)), this.notAbandoned]);
      case 'stalled':
        return eb.and([eb('activity', '<>', text('awaiting_approval')), this.stalled, this.notAbandoned]);
      default:
        return eb.and([eb('activity', '=', text(kind)), this.notAbandoned, this.notStalled]);
    }
  }

  /**
   * Rows of any of `kinds`, as conditions an index can serve: the ended kinds by
   * status, the others under one `status = 'active'` (so the planner can range over
   * an index led by status), the plain activities sharing one `activity IN`.
   */
  ofAny(kinds: ReadonlySet<OperatorStatusKind>): Condition {
    const { eb } = this;
    const ended = [...kinds].filter(isEnded);
    const going = [...kinds].filter((kind): kind is GoingKind => !isEnded(kind));
    const plain = going.filter((kind) => activityKinds.has(kind));
    const terms = going.filter((kind) => !activityKinds.has(kind)).map((kind) => this.going(kind));
    if (plain.length === 1) terms.push(this.going(plain[0]!));
    else if (plain.length > 1) terms.push(eb.and([eb('activity', 'in', plain.map(text)), this.notAbandoned, this.notStalled]));
    const parts: Condition[] = [];
    if (ended.length > 0) parts.push(eb('status', 'in', ended.map(text)));
    if (terms.length > 0) parts.push(eb.and([eb('status', '=', text('active')), eb.or(terms)]));
    return parts.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(parts);
  }
}

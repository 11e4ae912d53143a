import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { EventPage, EventSearchPage, StoredEventRecord } from '#protocol/api-schemas';
import type { SessionEventSearchQuery, SessionEventsQuery } from '#protocol/api-queries';
import { CANDIDATE_CAP, planEventSearch, SCAN_WINDOW, scanCandidates } from './event-search-plan';
import type { StoreDatabase } from './store-database';
import type { StoreSql } from './store-sql';

// Reads of the `events` table, one implementation for both stores: a session's
// transcript page by page, a search through it, and the global tail that live
// clients replay from.

type EventsBuilder = ExpressionBuilder<StoreDatabase, 'events'>;

const toRecord = (row: { cursor: number; json: string }): StoredEventRecord => ({
  cursor: row.cursor,
  event: JSON.parse(row.json) as StoredEventRecord['event'],
});

/** The highest cursor committed (0 for an empty store). */
export async function headCursor({ db }: StoreSql): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.coalesce(eb.fn.max('cursor'), sql.lit(0)).as('head'))
    .executeTakeFirstOrThrow();
  return row.head;
}

/**
 * One page of a session's stored events, always in ascending cursor order.
 * With `before`, the page is the newest `limit` events older than it (paging
 * backwards from the end of a transcript); otherwise the oldest after `after`.
 */
export async function sessionEvents({ db, dialect }: StoreSql, sessionId: string, query: SessionEventsQuery): Promise<EventPage> {
  const backwards = query.before !== undefined;
  const rows = await db
    .selectFrom('events')
    .select(['cursor', 'json'])
    .where('session_id', '=', sessionId)
    .$if(query.after !== undefined, (qb) => qb.where('cursor', '>', query.after!))
    .$if(query.before !== undefined, (qb) => qb.where('cursor', '<', query.before!))
    .$if(query.type !== undefined, (qb) => qb.where(dialect.inList('type', query.type!)))
    .orderBy('cursor', backwards ? 'desc' : 'asc')
    .limit(query.limit)
    .execute();
  if (backwards) rows.reverse();
  const events = rows.map(toRecord);
  return { events, next_cursor: events.length === query.limit ? events[events.length - 1]!.cursor : null };
}

/**
 * One bounded stretch of a search through a session's stored events, newest
 * first (see event-search-plan.ts). `storedTotal` is the session's summary count:
 * counting a 100,000-event session here would be the one unbounded step.
 */
export async function searchEvents(
  { db, dialect }: StoreSql,
  sessionId: string,
  query: SessionEventSearchQuery,
  storedTotal: number,
): Promise<EventSearchPage> {
  const plan = planEventSearch(query);
  if (plan.types?.length === 0) return { matches: [], searched_events: storedTotal, total_events: storedTotal, next_cursor: null };
  /** The session's events below `before`, and from `floor` up when there is one. */
  const inStretch = (eb: EventsBuilder, floor: number | null): Expression<SqlBool> =>
    eb.and([
      eb('session_id', '=', sessionId),
      ...(plan.before === undefined ? [] : [eb('cursor', '<', plan.before)]),
      ...(floor === null ? [] : [eb('cursor', '>=', floor)]),
    ]);
  const floorRow = await db
    .selectFrom('events')
    .select('cursor')
    .where((eb) => inStretch(eb, null))
    .orderBy('cursor', 'desc')
    .limit(1)
    .offset(SCAN_WINDOW - 1)
    .executeTakeFirst();
  const windowFloor = floorRow?.cursor ?? null;
  const rows = await db
    .selectFrom('events')
    .select(['cursor', 'json'])
    .where((eb) => inStretch(eb, windowFloor))
    .$if(plan.types !== undefined, (qb) => qb.where(dialect.inList('type', plan.types!)))
    .$if(plan.fragment !== null, (qb) => qb.where(dialect.contains(sql<string>`lower(json)`, plan.fragment!)))
    .orderBy('cursor', 'desc')
    .limit(CANDIDATE_CAP)
    .execute();
  const { matches, stop } = scanCandidates(plan, rows, windowFloor);
  // Both at most SCAN_WINDOW index entries / one probe: the stretch scanned, and whether anything is older.
  const [counted, older] = await Promise.all([
    db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => inStretch(eb, stop))
      .executeTakeFirstOrThrow(),
    stop === null
      ? undefined
      : db.selectFrom('events').select(sql.lit(1).as('one')).where('session_id', '=', sessionId).where('cursor', '<', stop).limit(1).executeTakeFirst(),
  ]);
  const searched = Number(counted.n);
  return { matches, searched_events: searched, total_events: Math.max(storedTotal, searched), next_cursor: older !== undefined ? stop : null };
}

/** Stored events with cursor > `after`, in cursor order, of the given sessions (null: all). */
export async function eventsAfter({ db, dialect }: StoreSql, after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]> {
  if (sessionIds !== null && sessionIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select(['cursor', 'json'])
    .where('cursor', '>', after)
    .$if(sessionIds !== null, (qb) => qb.where(dialect.inList('session_id', sessionIds!)))
    .orderBy('cursor')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

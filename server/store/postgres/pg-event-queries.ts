import type pg from 'pg';
import type { EventPage, EventSearchPage, StoredEventRecord } from '../../../src/protocol/api-schemas';
import type { SessionEventSearchQuery, SessionEventsQuery } from '../../../src/protocol/api-queries';
import { CANDIDATE_CAP, planEventSearch, SCAN_WINDOW, scanCandidates, type CandidateRow } from '../event-search-plan';
import { PgWhere, pgText } from './pg-sql';

// Reads of the `events` table: a session's transcript page by page, a search
// through it, and the global tail that live clients replay from.

interface EventRow {
  cursor: number;
  json: string;
}

const toRecord = (row: EventRow): StoredEventRecord => ({ cursor: row.cursor, event: JSON.parse(row.json) as StoredEventRecord['event'] });

export async function headCursor(db: pg.Pool | pg.ClientBase): Promise<number> {
  const { rows } = await db.query<{ head: number }>('SELECT COALESCE(MAX(cursor), 0) AS head FROM events');
  return rows[0]!.head;
}

/**
 * One page of a session's stored events, always in ascending cursor order. With
 * `before`, the newest `limit` events older than it; otherwise the oldest after `after`.
 */
export async function sessionEvents(pool: pg.Pool, sessionId: string, query: SessionEventsQuery): Promise<EventPage> {
  const where = new PgWhere()
    .addIf(sessionId, 'session_id')
    .addIf(query.after, 'cursor', '>')
    .addIf(query.before, 'cursor', '<')
    .addInList('type', query.type);
  const backwards = query.before !== undefined;
  const limit = where.params.add(query.limit);
  const { rows } = await pool.query<EventRow>(
    `SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor ${backwards ? 'DESC' : 'ASC'} LIMIT ${limit}`,
    where.params.values,
  );
  if (backwards) rows.reverse();
  const events = rows.map(toRecord);
  return { events, next_cursor: events.length === query.limit ? events[events.length - 1]!.cursor : null };
}

/**
 * One bounded stretch of a search through a session's stored events, newest
 * first (see event-search-plan.ts). `storedTotal` is the session's summary count:
 * counting a 100,000-event session here would be the one unbounded step.
 */
export async function searchEvents(pool: pg.Pool, sessionId: string, query: SessionEventSearchQuery, storedTotal: number): Promise<EventSearchPage> {
  const plan = planEventSearch(query);
  if (plan.types?.length === 0) return { matches: [], searched_events: storedTotal, total_events: storedTotal, next_cursor: null };
  const below = () => new PgWhere().addIf(sessionId, 'session_id').addIf(plan.before, 'cursor', '<');
  const floorWhere = below();
  const offset = floorWhere.params.add(SCAN_WINDOW - 1);
  const floorRows = await pool.query<{ cursor: number }>(
    `SELECT cursor FROM events${floorWhere.toSql()} ORDER BY cursor DESC LIMIT 1 OFFSET ${offset}`,
    floorWhere.params.values,
  );
  const windowFloor = floorRows.rows[0]?.cursor ?? null;
  const where = below().addIf(windowFloor ?? undefined, 'cursor', '>=').addInList('type', plan.types);
  // strpos, not LIKE: `%`, `_` and backslashes in the needle are plain characters.
  if (plan.fragment !== null) where.add(`strpos(lower(json), ${where.params.add(plan.fragment)}) > 0`);
  const limit = where.params.add(CANDIDATE_CAP);
  const { rows } = await pool.query<CandidateRow>(`SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor DESC LIMIT ${limit}`, where.params.values);
  const { matches, stop } = scanCandidates(plan, rows, windowFloor);
  // Both at most SCAN_WINDOW index entries / one probe: the stretch scanned, and whether anything is older.
  const scanned = below().addIf(stop ?? undefined, 'cursor', '>=');
  const [counted, older] = await Promise.all([
    pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM events${scanned.toSql()}`, scanned.params.values),
    stop === null ? null : pool.query('SELECT 1 FROM events WHERE session_id = $1 AND cursor < $2 LIMIT 1', [pgText(sessionId), stop]),
  ]);
  const searched = Number(counted.rows[0]!.n);
  return { matches, searched_events: searched, total_events: Math.max(storedTotal, searched), next_cursor: older !== null && older.rows.length > 0 ? stop : null };
}

/** Stored events with cursor > `after`, in cursor order, of the given sessions (null: all). */
export async function eventsAfter(pool: pg.Pool, after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]> {
  if (sessionIds !== null && sessionIds.length === 0) return [];
  const where = new PgWhere().addIf(after, 'cursor', '>').addInList('session_id', sessionIds ?? undefined);
  const limitParam = where.params.add(limit);
  const { rows } = await pool.query<EventRow>(`SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor LIMIT ${limitParam}`, where.params.values);
  return rows.map(toRecord);
}

import type pg from 'pg';
import type { EventPage, StoredEventRecord } from '../../../src/protocol/api-schemas';
import type { SessionEventsQuery } from '../../../src/protocol/api-queries';
import { PgWhere } from './pg-sql';

// Reads of the `events` table: a session's transcript page by page, and the
// global tail that live clients replay from.

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

/** Stored events with cursor > `after`, in cursor order, of the given sessions (null: all). */
export async function eventsAfter(pool: pg.Pool, after: number, sessionIds: readonly string[] | null, limit: number): Promise<StoredEventRecord[]> {
  if (sessionIds !== null && sessionIds.length === 0) return [];
  const where = new PgWhere().addIf(after, 'cursor', '>').addInList('session_id', sessionIds ?? undefined);
  const limitParam = where.params.add(limit);
  const { rows } = await pool.query<EventRow>(`SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor LIMIT ${limitParam}`, where.params.values);
  return rows.map(toRecord);
}

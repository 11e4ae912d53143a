import type Database from 'better-sqlite3';
import type { EventPage, StoredEventRecord } from '../../../src/protocol/api-schemas';
import type { SessionEventsQuery } from '../../../src/protocol/api-queries';
import { StatementCache, WhereClause } from './sql-builder';

// Reads of the `events` table: a session's transcript page by page, and the
// global tail that live clients replay from.

interface EventRow {
  cursor: number;
  json: string;
}

const toRecord = (row: EventRow): StoredEventRecord => ({ cursor: row.cursor, event: JSON.parse(row.json) as StoredEventRecord['event'] });

export class EventQueries {
  private readonly statements: StatementCache;
  private readonly selectHeadCursor: Database.Statement<[], { head: number }>;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
    this.selectHeadCursor = db.prepare('SELECT COALESCE(MAX(cursor), 0) AS head FROM events');
  }

  headCursor(): number {
    return this.selectHeadCursor.get()!.head;
  }

  /**
   * One page of a session's stored events, always in ascending cursor order.
   * With `before`, the page is the newest `limit` events older than it (paging
   * backwards from the end of a transcript); otherwise the oldest after `after`.
   */
  sessionEvents(sessionId: string, query: SessionEventsQuery): EventPage {
    const where = new WhereClause()
      .add('session_id = ?', sessionId)
      .addIf(query.after, 'cursor > ?')
      .addIf(query.before, 'cursor < ?')
      .addInList('type', query.type);
    const backwards = query.before !== undefined;
    const rows = this.statements
      .get(`SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor ${backwards ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...where.params, query.limit) as EventRow[];
    if (backwards) rows.reverse();
    const events = rows.map(toRecord);
    return { events, next_cursor: events.length === query.limit ? events[events.length - 1]!.cursor : null };
  }

  /** Stored events with cursor > `after`, in cursor order, of the given sessions (null: all). */
  eventsAfter(after: number, sessionIds: readonly string[] | null, limit: number): StoredEventRecord[] {
    if (sessionIds !== null && sessionIds.length === 0) return [];
    const where = new WhereClause().add('cursor > ?', after).addInList('session_id', sessionIds ?? undefined);
    const rows = this.statements
      .get(`SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor LIMIT ?`)
      .all(...where.params, limit) as EventRow[];
    return rows.map(toRecord);
  }
}

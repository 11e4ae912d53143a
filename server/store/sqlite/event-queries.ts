import type Database from 'better-sqlite3';
import type { EventPage, EventSearchPage, StoredEventRecord } from '../../../src/protocol/api-schemas';
import type { SessionEventSearchQuery, SessionEventsQuery } from '../../../src/protocol/api-queries';
import { CANDIDATE_CAP, planEventSearch, SCAN_WINDOW, scanCandidates, type CandidateRow } from '../event-search-plan';
import { StatementCache, WhereClause } from './sql-builder';

// Reads of the `events` table: a session's transcript page by page, a search
// through it, and the global tail that live clients replay from.

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

  /**
   * One bounded stretch of a search through a session's stored events, newest
   * first (see event-search-plan.ts). `storedTotal` is the session's summary count:
   * counting a 100,000-event session here would be the one unbounded step.
   */
  searchEvents(sessionId: string, query: SessionEventSearchQuery, storedTotal: number): EventSearchPage {
    const plan = planEventSearch(query);
    if (plan.types?.length === 0) return { matches: [], searched_events: storedTotal, total_events: storedTotal, next_cursor: null };
    const below = new WhereClause().add('session_id = ?', sessionId).addIf(plan.before, 'cursor < ?');
    const floorRow = this.statements
      .get(`SELECT cursor FROM events${below.toSql()} ORDER BY cursor DESC LIMIT 1 OFFSET ?`)
      .get(...below.params, SCAN_WINDOW - 1) as { cursor: number } | undefined;
    const windowFloor = floorRow?.cursor ?? null;
    const where = new WhereClause()
      .add('session_id = ?', sessionId)
      .addIf(plan.before, 'cursor < ?')
      .addIf(windowFloor ?? undefined, 'cursor >= ?')
      .addInList('type', plan.types)
      .addIf(plan.fragment ?? undefined, 'instr(lower(json), ?) > 0');
    const rows = this.statements
      .get(`SELECT cursor, json FROM events${where.toSql()} ORDER BY cursor DESC LIMIT ?`)
      .all(...where.params, CANDIDATE_CAP) as CandidateRow[];
    const { matches, stop } = scanCandidates(plan, rows, windowFloor);
    // Both at most SCAN_WINDOW index entries / one probe: the stretch scanned, and whether anything is older.
    const scanned = new WhereClause().add('session_id = ?', sessionId).addIf(plan.before, 'cursor < ?').addIf(stop ?? undefined, 'cursor >= ?');
    const searched = (this.statements.get(`SELECT COUNT(*) AS n FROM events${scanned.toSql()}`).get(...scanned.params) as { n: number }).n;
    const older =
      stop !== null && this.statements.get('SELECT 1 FROM events WHERE session_id = ? AND cursor < ? LIMIT 1').get(sessionId, stop) !== undefined;
    return { matches, searched_events: searched, total_events: Math.max(storedTotal, searched), next_cursor: older ? stop : null };
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

import type Database from 'better-sqlite3';
import type { IngestItem } from '../../ingest/ingest-item';
import { MultiRowStatements, rowsPerStatement } from './multi-row-insert';
import type { SqlValue } from './sql-builder';

// Appends events to the `events` log, many rows per statement, and works out each
// one's cursor, or that it was a duplicate, without reading every row back.

const columnCount = 5;

interface InsertedRow {
  cursor: number;
  session_id: string;
  seq: number;
}

export class EventLogInsert {
  private readonly insert: MultiRowStatements;
  private readonly selectHead: Database.Statement<[], { head: number }>;
  private readonly selectInsertedAfter: Database.Statement<[number], InsertedRow>;

  constructor(db: Database.Database) {
    // OR IGNORE: a `(session_id, seq)` already stored (or repeated earlier in the same
    // statement) is skipped, which is how a resend becomes a duplicate.
    this.insert = new MultiRowStatements(db, 'INSERT OR IGNORE INTO events (session_id, seq, ts_ms, type, json)', columnCount);
    this.selectHead = db.prepare('SELECT COALESCE(MAX(cursor), 0) AS head FROM events');
    this.selectInsertedAfter = db.prepare('SELECT cursor, session_id, seq FROM events WHERE cursor > ? ORDER BY cursor');
  }

  /** The highest cursor committed, read synchronously inside the ingest transaction (0 for an empty store). */
  headCursor(): number {
    return this.selectHead.get()!.head;
  }

  /**
   * Inserts `items` in order, inside the caller's transaction: each one's cursor, or
   * null when its `(session_id, seq)` was already stored (or came earlier in `items`).
   *
   * AUTOINCREMENT numbers a statement's rows consecutively, above every cursor before
   * it (a skipped row uses up its number too, as it did with one row per statement),
   * so when a statement inserts all of its rows their cursors follow from the last
   * one. Only a statement that skipped some reads back which rows it added: those
   * above the head it started from. Duplicates are rare (resends after a reconnect),
   * so that read is off the common path.
   */
  insertAll(items: readonly IngestItem[]): (number | null)[] {
    const cursors: (number | null)[] = [];
    if (items.length === 0) return cursors;
    // Read per batch, not remembered across batches: a rolled-back batch gives its cursors back.
    let head = this.selectHead.get()!.head;
    for (let start = 0; start < items.length; start += rowsPerStatement) {
      const end = Math.min(start + rowsPerStatement, items.length);
      const params: SqlValue[] = [];
      for (let i = start; i < end; i++) {
        const item = items[i]!;
        params.push(item.event.session_id, item.event.seq, item.tsMs, item.event.type, item.json);
      }
      const result = this.insert.run(params);
      if (result.changes === end - start) {
        const last = Number(result.lastInsertRowid);
        for (let i = start; i < end; i++) cursors.push(last - (end - 1 - i));
      } else {
        this.readBackCursors(items, start, end, head, cursors);
      }
      if (result.changes > 0) head = Number(result.lastInsertRowid);
    }
    return cursors;
  }

  /** Appends the cursors of items[start, end) after a statement that skipped some of them. */
  private readBackCursors(items: readonly IngestItem[], start: number, end: number, head: number, cursors: (number | null)[]): void {
    const inserted = new Map<string, number>();
    for (const row of this.selectInsertedAfter.iterate(head)) inserted.set(`${row.session_id}\u0000${row.seq}`, row.cursor);
    for (let i = start; i < end; i++) {
      const key = `${items[i]!.event.session_id}\u0000${items[i]!.event.seq}`;
      const cursor = inserted.get(key);
      // The first item with a key got the row; a later one in the same statement is a duplicate of it.
      inserted.delete(key);
      cursors.push(cursor ?? null);
    }
  }
}

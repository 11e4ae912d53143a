import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { alertKindSchema, type AlertKind, type AlertPage, type AlertRecord } from '../../src/protocol/alert-schemas';
import type { AlertListQuery } from '../../src/protocol/api-queries';
import { applyConnectionPragmas, inMemoryPath } from '../store/sqlite/open-database';
import type { AlertDetail, AlertDraft } from './alert-conditions';
import { alertRecordOf, type AlertRow as StoredAlertRow, type AlertStore, type DeliveryJob, type OpenAlert } from './alert-store';
import type { PendingApproval } from './approval-watch';

// Alerts in the event database's own file, through a second connection with
// their own tables (created idempotently; the event store's migrations never see
// them). better-sqlite3 is synchronous, so this connection's short writes never
// interleave with the store's transactions; WAL keeps readers of both unblocked.

const schema = `
CREATE TABLE IF NOT EXISTS alert_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  session_id TEXT,
  agent TEXT,
  ts_ms INTEGER NOT NULL,
  message TEXT NOT NULL,
  detail TEXT NOT NULL,
  cleared_ms INTEGER,
  acked_ms INTEGER
);
-- "Once per condition until it clears", held by the database itself.
CREATE UNIQUE INDEX IF NOT EXISTS alert_records_open ON alert_records (kind, key) WHERE cleared_ms IS NULL;
CREATE INDEX IF NOT EXISTS alert_records_session ON alert_records (session_id, id);
CREATE INDEX IF NOT EXISTS alert_records_unread ON alert_records (id) WHERE acked_ms IS NULL;
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER,
  delivered_ms INTEGER,
  failed_ms INTEGER,
  last_error TEXT,
  last_error_ms INTEGER
);
CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries (next_attempt_ms) WHERE next_attempt_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS alert_pending_approvals (
  session_id TEXT NOT NULL,
  approval_id TEXT NOT NULL,
  tool_call_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  since_ms INTEGER NOT NULL,
  PRIMARY KEY (session_id, approval_id)
);
`;

type AlertRow = StoredAlertRow<string>;
const recordOf = alertRecordOf;

export function openSqliteAlertStore(dbPath: string): AlertStore {
  if (dbPath !== inMemoryPath) fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath);
  try {
    applyConnectionPragmas(db);
    db.exec(schema);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteAlertStore(db);
}

class SqliteAlertStore implements AlertStore {
  readonly kind = 'sqlite';
  readonly shared = false;
  private closed = false;
  private readonly fireTx: (draft: AlertDraft, urls: readonly string[], bodyOf: (record: AlertRecord) => string) => AlertRecord | null;
  private readonly setPendingTx: (sessionId: string, pending: readonly PendingApproval[]) => void;

  constructor(private readonly db: Database.Database) {
    const insertAlert = db.prepare(
      `INSERT INTO alert_records (kind, key, session_id, agent, ts_ms, message, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, key) WHERE cleared_ms IS NULL DO NOTHING RETURNING *`,
    );
    const insertDelivery = db.prepare('INSERT INTO alert_deliveries (alert_id, url, body, next_attempt_ms) VALUES (?, ?, ?, ?)');
    this.fireTx = db.transaction((draft: AlertDraft, urls: readonly string[], bodyOf: (record: AlertRecord) => string) => {
      const row = insertAlert.get(draft.kind, draft.key, draft.session_id, draft.agent, draft.ts_ms, draft.message, JSON.stringify(draft.detail)) as AlertRow | undefined;
      if (row === undefined) return null;
      const record = recordOf(row);
      if (urls.length > 0) {
        const body = bodyOf(record);
        for (const url of urls) insertDelivery.run(record.id, url, body, draft.ts_ms);
      }
      return record;
    });
    const deletePending = db.prepare('DELETE FROM alert_pending_approvals WHERE session_id = ?');
    const insertPending = db.prepare('INSERT OR REPLACE INTO alert_pending_approvals (session_id, approval_id, tool_call_id, tool, since_ms) VALUES (?, ?, ?, ?, ?)');
    this.setPendingTx = db.transaction((sessionId: string, pending: readonly PendingApproval[]) => {
      deletePending.run(sessionId);
      for (const p of pending) insertPending.run(sessionId, p.approval_id, p.tool_call_id, p.tool, p.since_ms);
    });
  }

  openAlerts(): Promise<OpenAlert[]> {
    const rows = this.db.prepare('SELECT id, kind, key, detail FROM alert_records WHERE cleared_ms IS NULL').all() as Pick<AlertRow, 'id' | 'kind' | 'key' | 'detail'>[];
    return Promise.resolve(rows.map((row) => ({ id: row.id, kind: alertKindSchema.parse(row.kind), key: row.key, detail: JSON.parse(row.detail) as AlertDetail })));
  }

  fire(draft: AlertDraft, webhookUrls: readonly string[], bodyOf: (record: AlertRecord) => string): Promise<AlertRecord | null> {
    return Promise.resolve(this.fireTx(draft, webhookUrls, bodyOf));
  }

  clear(kind: AlertKind, key: string, clearedMs: number): Promise<boolean> {
    const result = this.db.prepare('UPDATE alert_records SET cleared_ms = ? WHERE kind = ? AND key = ? AND cleared_ms IS NULL').run(clearedMs, kind, key);
    return Promise.resolve(result.changes > 0);
  }

  list(query: AlertListQuery): Promise<AlertPage> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.kind !== undefined) {
      where.push(`kind IN (${query.kind.map(() => '?').join(', ')})`);
      params.push(...query.kind);
    }
    if (query.session !== undefined) {
      where.push('session_id = ?');
      params.push(query.session);
    }
    if (query.since !== undefined) {
      where.push('ts_ms >= ?');
      params.push(query.since);
    }
    if (query.unread === true) where.push('acked_ms IS NULL');
    if (query.before !== undefined) {
      where.push('id < ?');
      params.push(query.before);
    }
    const sql = `SELECT * FROM alert_records ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, query.limit + 1) as AlertRow[];
    const more = rows.length > query.limit;
    const records = rows.slice(0, query.limit).map(recordOf);
    const unread = (this.db.prepare('SELECT count(*) AS n FROM alert_records WHERE acked_ms IS NULL').get() as { n: number }).n;
    return Promise.resolve({ records, next_cursor: more ? records[records.length - 1]!.id : null, unread });
  }

  ack(id: number, ackedMs: number): Promise<AlertRecord | null> {
    const row = this.db.prepare('UPDATE alert_records SET acked_ms = coalesce(acked_ms, ?) WHERE id = ? RETURNING *').get(ackedMs, id) as AlertRow | undefined;
    return Promise.resolve(row === undefined ? null : recordOf(row));
  }

  pendingApprovals(): Promise<Map<string, PendingApproval[]>> {
    const rows = this.db.prepare('SELECT * FROM alert_pending_approvals ORDER BY since_ms').all() as (PendingApproval & { session_id: string })[];
    const bySession = new Map<string, PendingApproval[]>();
    for (const { session_id, ...pending } of rows) bySession.set(session_id, [...(bySession.get(session_id) ?? []), pending]);
    return Promise.resolve(bySession);
  }

  setPendingApprovals(sessionId: string, pending: readonly PendingApproval[]): Promise<void> {
    this.setPendingTx(sessionId, pending);
    return Promise.resolve();
  }

  claimDueDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<DeliveryJob[]> {
    const rows = this.db
      .prepare(
        `UPDATE alert_deliveries SET next_attempt_ms = ? WHERE id IN (
           SELECT id FROM alert_deliveries WHERE next_attempt_ms IS NOT NULL AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?
         ) RETURNING id, alert_id, url, body, attempts`,
      )
      .all(nowMs + leaseMs, nowMs, limit) as DeliveryJob[];
    return Promise.resolve(rows.sort((a, b) => a.id - b.id));
  }

  releaseDelivery(id: number, nowMs: number): Promise<void> {
    this.db.prepare('UPDATE alert_deliveries SET next_attempt_ms = ? WHERE id = ? AND delivered_ms IS NULL AND failed_ms IS NULL').run(nowMs, id);
    return Promise.resolve();
  }

  deliveryDone(id: number, attempts: number, nowMs: number): Promise<void> {
    this.db.prepare('UPDATE alert_deliveries SET attempts = ?, delivered_ms = ?, next_attempt_ms = NULL WHERE id = ?').run(attempts, nowMs, id);
    return Promise.resolve();
  }

  deliveryFailed(id: number, attempts: number, nextAttemptMs: number | null, error: string, nowMs: number): Promise<void> {
    this.db
      .prepare('UPDATE alert_deliveries SET attempts = ?, next_attempt_ms = ?, failed_ms = ?, last_error = ?, last_error_ms = ? WHERE id = ?')
      .run(attempts, nextAttemptMs, nextAttemptMs === null ? nowMs : null, error, nowMs, id);
    return Promise.resolve();
  }

  deliveryHealth() {
    const counts = this.db
      .prepare('SELECT count(next_attempt_ms) AS pending, count(failed_ms) AS failed FROM alert_deliveries')
      .get() as { pending: number; failed: number };
    const last = this.db
      .prepare('SELECT url, last_error AS error, last_error_ms AS ts_ms FROM alert_deliveries WHERE last_error_ms IS NOT NULL ORDER BY last_error_ms DESC, id DESC LIMIT 1')
      .get() as { url: string; error: string; ts_ms: number } | undefined;
    return Promise.resolve({ pending: counts.pending, failed: counts.failed, last_failure: last ?? null });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }
}

import type pg from 'pg';
import { alertKindSchema, type AlertKind, type AlertPage, type AlertRecord } from '../../src/protocol/alert-schemas';
import type { AlertListQuery } from '../../src/protocol/api-queries';
import { inTransaction, openPool } from '../store/postgres/open-pool';
import type { AlertDetail, AlertDraft } from './alert-conditions';
import { alertRecordOf, type AlertRow as StoredAlertRow, type AlertStore, type DeliveryJob, type OpenAlert } from './alert-store';
import type { PendingApproval } from './approval-watch';

// Alerts in the scaled mode's PostgreSQL database, shared by every replica: the
// partial unique index makes "once per condition" hold across replicas (two
// that see the same condition race to one row), and deliveries are claimed
// with SKIP LOCKED so each is sent by one replica at a time.

const schema = `
CREATE TABLE IF NOT EXISTS alert_records (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  session_id TEXT,
  agent TEXT,
  ts_ms BIGINT NOT NULL,
  message TEXT NOT NULL,
  detail JSONB NOT NULL,
  cleared_ms BIGINT,
  acked_ms BIGINT
);
CREATE UNIQUE INDEX IF NOT EXISTS alert_records_open ON alert_records (kind, key) WHERE cleared_ms IS NULL;
CREATE INDEX IF NOT EXISTS alert_records_session ON alert_records (session_id, id);
CREATE INDEX IF NOT EXISTS alert_records_unread ON alert_records (id) WHERE acked_ms IS NULL;
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id BIGSERIAL PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT,
  delivered_ms BIGINT,
  failed_ms BIGINT,
  last_error TEXT,
  last_error_ms BIGINT
);
CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries (next_attempt_ms) WHERE next_attempt_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS alert_pending_approvals (
  session_id TEXT NOT NULL,
  approval_id TEXT NOT NULL,
  tool_call_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  since_ms BIGINT NOT NULL,
  PRIMARY KEY (session_id, approval_id)
);
`;

type AlertRow = StoredAlertRow<AlertDetail>;
const recordOf = alertRecordOf;

/** Opens a small pool of its own (alerts write little) and creates the tables idempotently. */
export async function openPostgresAlertStore(url: string): Promise<AlertStore> {
  const pool = await openPool({ url, poolSize: 2 });
  try {
    // Replicas starting together may race on CREATE ... IF NOT EXISTS: one lock serialises them.
    await inTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('tether_alert_schema'))");
      await client.query(schema);
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new PostgresAlertStore(pool);
}

class PostgresAlertStore implements AlertStore {
  readonly kind = 'postgres';
  readonly shared = true;
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  async openAlerts(): Promise<OpenAlert[]> {
    const { rows } = await this.pool.query<Pick<AlertRow, 'id' | 'kind' | 'key' | 'detail'>>('SELECT id, kind, key, detail FROM alert_records WHERE cleared_ms IS NULL');
    return rows.map((row) => ({ id: row.id, kind: alertKindSchema.parse(row.kind), key: row.key, detail: row.detail }));
  }

  async fire(draft: AlertDraft, webhookUrls: readonly string[], bodyOf: (record: AlertRecord) => string): Promise<AlertRecord | null> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<AlertRow>(
        `INSERT INTO alert_records (kind, key, session_id, agent, ts_ms, message, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (kind, key) WHERE cleared_ms IS NULL DO NOTHING RETURNING *`,
        [draft.kind, draft.key, draft.session_id, draft.agent, draft.ts_ms, draft.message, JSON.stringify(draft.detail)],
      );
      const row = rows[0];
      // Already open for this condition: the insert did nothing.
      if (row === undefined) return null;
      const record = recordOf(row);
      if (webhookUrls.length > 0) {
        const body = bodyOf(record);
        await client.query('INSERT INTO alert_deliveries (alert_id, url, body, next_attempt_ms) SELECT $1, u, $2, $3 FROM unnest($4::text[]) AS u', [
          record.id,
          body,
          draft.ts_ms,
          [...webhookUrls],
        ]);
      }
      return record;
    });
  }

  async clear(kind: AlertKind, key: string, clearedMs: number): Promise<boolean> {
    const result = await this.pool.query('UPDATE alert_records SET cleared_ms = $1 WHERE kind = $2 AND key = $3 AND cleared_ms IS NULL', [clearedMs, kind, key]);
    return (result.rowCount ?? 0) > 0;
  }

  async list(query: AlertListQuery): Promise<AlertPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.kind !== undefined) where.push(`kind = ANY(${param(query.kind)}::text[])`);
    if (query.session !== undefined) where.push(`session_id = ${param(query.session)}`);
    if (query.since !== undefined) where.push(`ts_ms >= ${param(query.since)}`);
    if (query.unread === true) where.push('acked_ms IS NULL');
    if (query.before !== undefined) where.push(`id < ${param(query.before)}`);
    const sql = `SELECT * FROM alert_records ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${param(query.limit + 1)}`;
    const { rows } = await this.pool.query<AlertRow>(sql, params);
    const more = rows.length > query.limit;
    const records = rows.slice(0, query.limit).map(recordOf);
    const unread = (await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM alert_records WHERE acked_ms IS NULL')).rows[0]!.n;
    return { records, next_cursor: more ? records[records.length - 1]!.id : null, unread };
  }

  async ack(id: number, ackedMs: number): Promise<AlertRecord | null> {
    const { rows } = await this.pool.query<AlertRow>('UPDATE alert_records SET acked_ms = coalesce(acked_ms, $1) WHERE id = $2 RETURNING *', [ackedMs, id]);
    return rows[0] === undefined ? null : recordOf(rows[0]);
  }

  async pendingApprovals(): Promise<Map<string, PendingApproval[]>> {
    const { rows } = await this.pool.query<PendingApproval & { session_id: string }>('SELECT * FROM alert_pending_approvals ORDER BY since_ms');
    const bySession = new Map<string, PendingApproval[]>();
    for (const { session_id, ...pending } of rows) bySession.set(session_id, [...(bySession.get(session_id) ?? []), pending]);
    return bySession;
  }

  async setPendingApprovals(sessionId: string, pending: readonly PendingApproval[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM alert_pending_approvals WHERE session_id = $1', [sessionId]);
      for (const p of pending) {
        await client.query(
          `INSERT INTO alert_pending_approvals (session_id, approval_id, tool_call_id, tool, since_ms) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (session_id, approval_id) DO UPDATE SET tool_call_id = EXCLUDED.tool_call_id, tool = EXCLUDED.tool, since_ms = EXCLUDED.since_ms`,
          [sessionId, p.approval_id, p.tool_call_id, p.tool, p.since_ms],
        );
      }
    });
  }

  async claimDueDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<DeliveryJob[]> {
    const { rows } = await this.pool.query<DeliveryJob>(
      `UPDATE alert_deliveries SET next_attempt_ms = $1 WHERE id IN (
         SELECT id FROM alert_deliveries WHERE next_attempt_ms IS NOT NULL AND next_attempt_ms <= $2
         ORDER BY next_attempt_ms, id LIMIT $3 FOR UPDATE SKIP LOCKED
       ) RETURNING id, alert_id, url, body, attempts`,
      [nowMs + leaseMs, nowMs, limit],
    );
    return rows.sort((a, b) => a.id - b.id);
  }

  async releaseDelivery(id: number, nowMs: number): Promise<void> {
    await this.pool.query('UPDATE alert_deliveries SET next_attempt_ms = $1 WHERE id = $2 AND delivered_ms IS NULL AND failed_ms IS NULL', [nowMs, id]);
  }

  async deliveryDone(id: number, attempts: number, nowMs: number): Promise<void> {
    await this.pool.query('UPDATE alert_deliveries SET attempts = $1, delivered_ms = $2, next_attempt_ms = NULL WHERE id = $3', [attempts, nowMs, id]);
  }

  async deliveryFailed(id: number, attempts: number, nextAttemptMs: number | null, error: string, nowMs: number): Promise<void> {
    await this.pool.query('UPDATE alert_deliveries SET attempts = $1, next_attempt_ms = $2, failed_ms = $3, last_error = $4, last_error_ms = $5 WHERE id = $6', [
      attempts,
      nextAttemptMs,
      nextAttemptMs === null ? nowMs : null,
      error,
      nowMs,
      id,
    ]);
  }

  async deliveryHealth() {
    const counts = (await this.pool.query<{ pending: number; failed: number }>('SELECT count(next_attempt_ms) AS pending, count(failed_ms) AS failed FROM alert_deliveries')).rows[0]!;
    const last = (
      await this.pool.query<{ url: string; error: string; ts_ms: number }>(
        'SELECT url, last_error AS error, last_error_ms AS ts_ms FROM alert_deliveries WHERE last_error_ms IS NOT NULL ORDER BY last_error_ms DESC, id DESC LIMIT 1',
      )
    ).rows[0];
    return { pending: counts.pending, failed: counts.failed, last_failure: last ?? null };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

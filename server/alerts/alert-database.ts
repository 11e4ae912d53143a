import type { ColumnType, Generated, Kysely, SelectQueryBuilder } from 'kysely';
import type { SqlDialect } from '../store/store-sql';
import type { AlertDetail } from './alert-conditions';

// The alert tables as the query builder (Kysely) types them, for both alert
// stores: each creates them in its own dialect (sqlite-alert-schema.ts,
// postgres-alert-schema.ts); the operations on them are written once
// (alert-record-queries.ts, alert-delivery-queries.ts, pending-approval-queries.ts).

export interface AlertRecordsTable {
  id: Generated<number>;
  /** An AlertKind, checked when read back. */
  kind: string;
  /** What "once per condition" counts (AlertDraft.key); the partial unique index holds it. */
  key: string;
  session_id: string | null;
  agent: string | null;
  ts_ms: number;
  message: string;
  /** Written as JSON text in both; read back as the dialect hands it over (AlertDialect.detailOf). */
  detail: ColumnType<unknown, string, never>;
  cleared_ms: number | null;
  acked_ms: number | null;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  alert_id: number;
  url: string;
  body: string;
  attempts: Generated<number>;
  /** When it is due (again); null once delivered or given up. */
  next_attempt_ms: number | null;
  delivered_ms: number | null;
  failed_ms: number | null;
  last_error: string | null;
  last_error_ms: number | null;
}

export interface AlertPendingApprovalsTable {
  session_id: string;
  approval_id: string;
  tool_call_id: string;
  tool: string;
  since_ms: number;
}

export interface AlertDatabase {
  alert_records: AlertRecordsTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_pending_approvals: AlertPendingApprovalsTable;
}

/** The due deliveries a claim is about to take, as the claim selects them. */
export type DueDeliveries = SelectQueryBuilder<AlertDatabase, 'alert_deliveries', { id: number }>;

/** What the two alert stores say differently; everything else they say alike. */
export interface AlertDialect extends Pick<SqlDialect, 'inList'> {
  /** A stored `detail` as the driver hands it back: JSON text from SQLite, the parsed jsonb value from PostgreSQL. */
  detailOf(stored: unknown): AlertDetail;
  /** The due deliveries held against every other claim running at the same time, so that no delivery goes to two of them. */
  lockedForClaim(due: DueDeliveries): DueDeliveries;
}

export interface AlertSql {
  readonly db: Kysely<AlertDatabase>;
  readonly dialect: AlertDialect;
}

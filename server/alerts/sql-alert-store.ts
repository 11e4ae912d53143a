import type { AlertKind, AlertPage, AlertRecord } from '#protocol/alert-schemas';
import type { AlertDeliveryHealth } from '#protocol/health-schemas';
import type { AlertListQuery } from '#protocol/api-queries';
import type { SqlSteps } from '../store/sql-steps';
import type { AlertDraft } from './alert-conditions';
import type { AlertSql } from './alert-database';
import * as deliveries from './alert-delivery-queries';
import * as records from './alert-record-queries';
import type { AlertStore, DeliveryJob, OpenAlert } from './alert-store';
import type { PendingApproval } from './approval-watch';
import * as approvals from './pending-approval-queries';

/**
 * Every AlertStore operation, written once against `AlertSql`: a store class of a
 * dialect (sqlite-alert-store.ts, postgres-alert-store.ts) brings only its
 * connection, its phrases (AlertDialect) and how it runs several statements as one transaction.
 */
export abstract class SqlAlertStore implements AlertStore {
  abstract readonly kind: string;
  abstract readonly shared: boolean;
  protected abstract readonly sql: AlertSql;

  /** Runs the statements as one transaction: all of them or, when one throws, none. */
  protected abstract transaction<T>(steps: SqlSteps<T>): Promise<T>;

  abstract close(): Promise<void>;

  openAlerts(): Promise<OpenAlert[]> {
    return records.openAlerts(this.sql);
  }

  fire(draft: AlertDraft, webhookUrls: readonly string[], bodyOf: (record: AlertRecord) => string): Promise<AlertRecord | null> {
    return this.transaction(records.fireAlert(this.sql, draft, webhookUrls, bodyOf));
  }

  clear(kind: AlertKind, key: string, clearedMs: number): Promise<boolean> {
    return records.clearAlert(this.sql, kind, key, clearedMs);
  }

  list(query: AlertListQuery): Promise<AlertPage> {
    return records.listAlerts(this.sql, query);
  }

  ack(id: number, ackedMs: number): Promise<AlertRecord | null> {
    return records.ackAlert(this.sql, id, ackedMs);
  }

  pendingApprovals(): Promise<Map<string, PendingApproval[]>> {
    return approvals.pendingApprovals(this.sql);
  }

  setPendingApprovals(sessionId: string, pending: readonly PendingApproval[]): Promise<void> {
    return this.transaction(approvals.setPendingApprovals(this.sql, sessionId, pending));
  }

  claimDueDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<DeliveryJob[]> {
    return deliveries.claimDueDeliveries(this.sql, nowMs, leaseMs, limit);
  }

  releaseDelivery(id: number, nowMs: number): Promise<void> {
    return deliveries.releaseDelivery(this.sql, id, nowMs);
  }

  deliveryDone(id: number, attempts: number, nowMs: number): Promise<void> {
    return deliveries.deliveryDone(this.sql, id, attempts, nowMs);
  }

  deliveryFailed(id: number, attempts: number, nextAttemptMs: number | null, error: string, nowMs: number): Promise<void> {
    return deliveries.deliveryFailed(this.sql, id, attempts, nextAttemptMs, error, nowMs);
  }

  deliveryHealth(): Promise<Omit<AlertDeliveryHealth, 'webhooks'>> {
    return deliveries.deliveryHealth(this.sql);
  }
}

import { type AlertDeliveryHealth } from '#protocol/health-schemas';
import type { AlertKind, AlertPage, AlertRecord } from '#protocol/alert-schemas';
import type { AlertListQuery } from '#protocol/api-queries';
import type { AlertDetail, AlertDraft } from './alert-conditions';
import type { PendingApproval } from './approval-watch';

// Where alerts, their webhook deliveries and the approvals being watched are kept,
// so that a restart neither loses nor repeats them: SQLite (sqlite-alert-store.ts)
// beside the embedded store, PostgreSQL (postgres-alert-store.ts) shared by replicas,
// both running the one implementation in sql-alert-store.ts.

export interface OpenAlert {
  id: number;
  kind: AlertKind;
  key: string;
  detail: AlertDetail;
}

/** One webhook POST still to be made. */
export interface DeliveryJob {
  id: number;
  alert_id: number;
  url: string;
  /** The exact bytes to send (and sign): fixed when the alert fired, so every retry is the same. */
  body: string;
  attempts: number;
}

export interface AlertStore {
  readonly kind: string;
  /** True when other processes (replicas) write the same alerts: what this one remembers may be stale. */
  readonly shared: boolean;
  openAlerts(): Promise<OpenAlert[]>;
  /**
   * Stores the alert and one pending delivery per URL in one transaction; null
   * (nothing stored) when an alert of that kind and key is still open.
   */
  fire(draft: AlertDraft, webhookUrls: readonly string[], bodyOf: (record: AlertRecord) => string): Promise<AlertRecord | null>;
  /** Marks the open alert of that kind and key cleared; false when none was open. */
  clear(kind: AlertKind, key: string, clearedMs: number): Promise<boolean>;
  list(query: AlertListQuery): Promise<AlertPage>;
  /** Acknowledges one alert (a second ack keeps the first time); null when there is no such alert. */
  ack(id: number, ackedMs: number): Promise<AlertRecord | null>;
  pendingApprovals(): Promise<Map<string, PendingApproval[]>>;
  setPendingApprovals(sessionId: string, pending: readonly PendingApproval[]): Promise<void>;
  /**
   * Claims the deliveries due at `nowMs`, oldest first, for `leaseMs`: nobody else
   * (another replica) takes them meanwhile, and if this process dies with one in
   * flight it is due again when the lease ends.
   */
  claimDueDeliveries(nowMs: number, leaseMs: number, limit: number): Promise<DeliveryJob[]>;
  /** Gives a claimed delivery back untried (shutdown): due again at once. */
  releaseDelivery(id: number, nowMs: number): Promise<void>;
  deliveryDone(id: number, attempts: number, nowMs: number): Promise<void>;
  /** A failed attempt: `nextAttemptMs` null gives the delivery up. */
  deliveryFailed(id: number, attempts: number, nextAttemptMs: number | null, error: string, nowMs: number): Promise<void>;
  deliveryHealth(): Promise<Omit<AlertDeliveryHealth, 'webhooks'>>;
  close(): Promise<void>;
}

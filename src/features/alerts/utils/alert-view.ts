import type { AlertDeliveryHealth } from '../../../protocol/health-schemas';
import type { AlertKind, AlertRecord } from '../../../protocol/alert-schemas';
import { formatDateTime } from '../../../lib/format/format';

// How alerts read in the dashboard. Pure, so the centre, the history page and
// browser notifications say the same words.

export const alertKindLabels: Record<AlertKind, string> = {
  approval_waiting: 'Approval waiting',
  error: 'Session error',
  stalled: 'Stalled',
  abandoned: 'Abandoned',
  budget_warn: 'Budget warning',
  budget_limit: 'Budget limit',
  daily_spend: 'Daily spend',
  context_over_budget: 'Context over budget',
  context_lost: 'Context lost',
  compaction_failed: 'Compaction failed',
  subcall_fallback: 'Subcall fallback',
};

/** Where an alert takes the operator: its session, or the Cost page for the day's spend. */
export function alertHref(alert: Pick<AlertRecord, 'session_id'>): string {
  return alert.session_id === null ? '/usage' : `/sessions/${encodeURIComponent(alert.session_id)}`;
}

/** `3 Dec 2026, 14:02:59 UTC`: the time with its zone named (the app's unless one is given). */
export function formatAlertTime(ms: number, timeZone?: string): string {
  return formatDateTime(ms, timeZone);
}

/** "Unread: 3", capped for the badge. */
export function unreadBadge(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}

/** A sentence when webhook delivery is in trouble, else null. */
export function deliveryProblem(health: AlertDeliveryHealth | null, timeZone?: string): string | null {
  if (health === null || health.webhooks === 0) return null;
  if (health.failed > 0) {
    const last = health.last_failure;
    const why = last ? ` Last: ${last.error} from ${last.url} at ${formatAlertTime(last.ts_ms, timeZone)}.` : '';
    return `${health.failed} webhook ${health.failed === 1 ? 'delivery' : 'deliveries'} failed after every retry.${why}`;
  }
  return null;
}

/** Alerts newer than `seenId` (the newest one already announced), oldest first. */
export function newAlertsSince(records: readonly AlertRecord[], seenId: number): AlertRecord[] {
  return records.filter((a) => a.id > seenId && a.acked_ms === null).sort((a, b) => a.id - b.id);
}

import type { NotNull } from 'kysely';
import type { AlertDeliveryHealth } from '#protocol/health-schemas';
import type { AlertSql } from './alert-database';
import type { DeliveryJob } from './alert-store';

// Webhook deliveries, for both alert stores. A delivery is pending while it has a
// next_attempt_ms; a claim moves that to the end of its lease, so a process that
// dies mid-delivery leaves it due again, never lost.

export async function claimDueDeliveries({ db, dialect }: AlertSql, nowMs: number, leaseMs: number, limit: number): Promise<DeliveryJob[]> {
  const due = db
    .selectFrom('alert_deliveries')
    .select('id')
    .where('next_attempt_ms', 'is not', null)
    .where('next_attempt_ms', '<=', nowMs)
    .orderBy('next_attempt_ms')
    .orderBy('id')
    .limit(limit);
  const jobs = await db
    .updateTable('alert_deliveries')
    .set({ next_attempt_ms: nowMs + leaseMs })
    .where('id', 'in', dialect.lockedForClaim(due))
    .returning(['id', 'alert_id', 'url', 'body', 'attempts'])
    .execute();
  // RETURNING promises no order; id order is the order the deliveries were made in.
  return jobs.sort((a, b) => a.id - b.id);
}

/** A delivery already done or given up stays so. */
export async function releaseDelivery({ db }: AlertSql, id: number, nowMs: number): Promise<void> {
  await db
    .updateTable('alert_deliveries')
    .set({ next_attempt_ms: nowMs })
    .where('id', '=', id)
    .where('delivered_ms', 'is', null)
    .where('failed_ms', 'is', null)
    .execute();
}

export async function deliveryDone({ db }: AlertSql, id: number, attempts: number, nowMs: number): Promise<void> {
  await db.updateTable('alert_deliveries').set({ attempts, delivered_ms: nowMs, next_attempt_ms: null }).where('id', '=', id).execute();
}

export async function deliveryFailed({ db }: AlertSql, id: number, attempts: number, nextAttemptMs: number | null, error: string, nowMs: number): Promise<void> {
  await db
    .updateTable('alert_deliveries')
    .set({ attempts, next_attempt_ms: nextAttemptMs, failed_ms: nextAttemptMs === null ? nowMs : null, last_error: error, last_error_ms: nowMs })
    .where('id', '=', id)
    .execute();
}

export async function deliveryHealth({ db }: AlertSql): Promise<Omit<AlertDeliveryHealth, 'webhooks'>> {
  const counts = await db
    .selectFrom('alert_deliveries')
    .select((eb) => [eb.fn.count<number>('next_attempt_ms').as('pending'), eb.fn.count<number>('failed_ms').as('failed')])
    .executeTakeFirstOrThrow();
  const last = await db
    .selectFrom('alert_deliveries')
    .select(['url', 'last_error as error', 'last_error_ms as ts_ms'])
    .where('last_error_ms', 'is not', null)
    .orderBy('last_error_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    // A failure always writes its error and its time together.
    .$narrowType<{ error: NotNull; ts_ms: NotNull }>()
    .executeTakeFirst();
  return { pending: counts.pending, failed: counts.failed, last_failure: last ?? null };
}

import { describe, expect, it } from 'vitest';
import type { AlertStore, DeliveryJob } from '../../alerts/alert-store';
import { alertDraft, bodyOf, hookUrls, T0, type ContractStores } from './alert-fixtures';

// Webhook deliveries: claimed for a lease, given back, done, failed and retried,
// and the health figures they add up to; part of describeAlertStoreContract
// (alert-store-contract.ts).

const leaseMs = 1_000;
const idsOf = (jobs: readonly DeliveryJob[]) => jobs.map((job) => job.id);

/** Fires an alert of session `key` at `tsMs` with one delivery per URL; answers its deliveries, claimed and leased from `tsMs`. */
async function fireAndClaim(store: AlertStore, key: string, tsMs: number, urls: readonly string[] = [hookUrls[0]]): Promise<DeliveryJob[]> {
  await store.fire(alertDraft({ key, ts_ms: tsMs }), urls, bodyOf);
  return store.claimDueDeliveries(tsMs, leaseMs, 100);
}

export function describeDeliveries({ store: getStore, another }: ContractStores): void {
  describe('webhook deliveries', () => {
    it('stores one delivery per URL, each with the one body made from the stored record, due when the alert fired', async () => {
      const store = getStore();
      const record = await store.fire(alertDraft({ ts_ms: T0 + 50 }), hookUrls, bodyOf);
      expect(await store.claimDueDeliveries(T0 + 49, leaseMs, 10)).toEqual([]);
      const jobs = await store.claimDueDeliveries(T0 + 50, leaseMs, 10);
      expect(jobs).toEqual(hookUrls.map((url) => ({ id: expect.any(Number), alert_id: record!.id, url, body: bodyOf(record!), attempts: 0 })));
      expect(idsOf(jobs)).toEqual(idsOf(jobs).toSorted((a, b) => a - b));
    });

    it('stores no delivery for an alert fired without webhooks', async () => {
      const store = getStore();
      await store.fire(alertDraft(), [], bodyOf);
      expect(await store.claimDueDeliveries(T0, leaseMs, 10)).toEqual([]);
      expect(await store.deliveryHealth()).toEqual({ pending: 0, failed: 0, last_failure: null });
    });

    it('claims the due deliveries oldest first, up to the limit, answered in id order', async () => {
      const store = getStore();
      for (const [i, key] of ['s1', 's2', 's3'].entries()) await store.fire(alertDraft({ key, ts_ms: T0 + 10 * i }), [hookUrls[0]], bodyOf);
      const all = await store.claimDueDeliveries(T0 + 20, leaseMs, 10);
      expect(all).toHaveLength(3);
      const [first, second, third] = idsOf(all) as [number, number, number];
      // Rescheduled so that due order is no longer id order: the third is now the oldest due.
      await store.deliveryFailed(first, 1, T0 + 2_000, 'HTTP 500', T0 + 20);
      await store.deliveryFailed(second, 1, T0 + 1_500, 'HTTP 500', T0 + 20);
      await store.deliveryFailed(third, 1, T0 + 1_000, 'HTTP 500', T0 + 20);
      expect(idsOf(await store.claimDueDeliveries(T0 + 5_000, leaseMs, 2))).toEqual([second, third]);
      expect(idsOf(await store.claimDueDeliveries(T0 + 5_000, leaseMs, 2))).toEqual([first]);
    });

    it('leases what it claims: not claimed again until the lease ends, then due again as it was', async () => {
      const store = getStore();
      const [job] = await fireAndClaim(store, 's1', T0);
      expect(await store.claimDueDeliveries(T0 + leaseMs - 1, leaseMs, 10)).toEqual([]);
      expect(await store.claimDueDeliveries(T0 + leaseMs, leaseMs, 10)).toEqual([job]);
      expect(await store.deliveryHealth()).toMatchObject({ pending: 1, failed: 0 });
    });

    it('takes a released delivery back at once, but never one already done or given up', async () => {
      const store = getStore();
      const [released, done, givenUp] = await fireAndClaim(store, 's1', T0, ['https://a.example/', 'https://b.example/', 'https://c.example/']);
      await store.deliveryDone(done!.id, 1, T0 + 1);
      await store.deliveryFailed(givenUp!.id, 1, null, 'HTTP 404', T0 + 1);
      for (const job of [released!, done!, givenUp!]) await store.releaseDelivery(job.id, T0 + 2);
      expect(await store.claimDueDeliveries(T0 + 2, leaseMs, 10)).toEqual([released]);
    });

    it('never hands out a delivery that is done, and counts it no more', async () => {
      const store = getStore();
      const [job, other] = await fireAndClaim(store, 's1', T0, hookUrls);
      expect(await store.deliveryHealth()).toEqual({ pending: 2, failed: 0, last_failure: null });
      await store.deliveryDone(job!.id, 1, T0 + 5);
      expect(await store.claimDueDeliveries(T0 + 10 * leaseMs, leaseMs, 10)).toEqual([other]);
      expect(await store.deliveryHealth()).toEqual({ pending: 1, failed: 0, last_failure: null });
    });

    it('retries a failed delivery when asked, with its attempts, and gives it up when there is no next attempt', async () => {
      const store = getStore();
      const [job] = await fireAndClaim(store, 's1', T0);
      await store.deliveryFailed(job!.id, 1, T0 + 500, 'HTTP 503 Service Unavailable', T0 + 10);
      expect(await store.deliveryHealth()).toEqual({ pending: 1, failed: 0, last_failure: { url: hookUrls[0], error: 'HTTP 503 Service Unavailable', ts_ms: T0 + 10 } });
      expect(await store.claimDueDeliveries(T0 + 499, leaseMs, 10)).toEqual([]);
      const [retry] = await store.claimDueDeliveries(T0 + 500, leaseMs, 10);
      expect(retry).toEqual({ ...job, attempts: 1 });

      await store.deliveryFailed(job!.id, 2, null, 'ECONNREFUSED', T0 + 600);
      expect(await store.claimDueDeliveries(T0 + 100 * leaseMs, leaseMs, 10)).toEqual([]);
      expect(await store.deliveryHealth()).toEqual({ pending: 0, failed: 1, last_failure: { url: hookUrls[0], error: 'ECONNREFUSED', ts_ms: T0 + 600 } });
    });

    it('reports the latest failure of any delivery, the newest delivery first when two failed at the same time', async () => {
      const store = getStore();
      const [a, b] = await fireAndClaim(store, 's1', T0, ['https://a.example/', 'https://b.example/']);
      await store.deliveryFailed(b!.id, 1, T0 + 900, 'late', T0 + 20);
      await store.deliveryFailed(a!.id, 1, T0 + 900, 'early', T0 + 10);
      expect((await store.deliveryHealth()).last_failure).toEqual({ url: 'https://b.example/', error: 'late', ts_ms: T0 + 20 });
      await store.deliveryFailed(a!.id, 2, T0 + 900, 'same time', T0 + 20);
      expect((await store.deliveryHealth()).last_failure).toEqual({ url: 'https://b.example/', error: 'late', ts_ms: T0 + 20 });
      // Delivered later, a failure stays the last one reported.
      await store.deliveryDone(b!.id, 2, T0 + 30);
      expect(await store.deliveryHealth()).toEqual({ pending: 1, failed: 0, last_failure: { url: 'https://b.example/', error: 'late', ts_ms: T0 + 20 } });
    });

    it('never hands one delivery to two stores claiming at the same time', async () => {
      const store = getStore();
      const other = await another();
      const urls = Array.from({ length: 8 }, (_, i) => `https://hooks.example.com/${i}`);
      for (let i = 0; i < 6; i++) await store.fire(alertDraft({ key: `s${i}`, ts_ms: T0 + i }), urls, bodyOf);
      const claimed: number[] = [];
      // Rounds of claims racing from both stores, each round on what the earlier ones left.
      for (let round = 0; round < 4; round++) {
        const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other).claimDueDeliveries(T0 + 10, leaseMs, 3)));
        claimed.push(...claims.flatMap(idsOf));
      }
      expect(new Set(claimed).size).toBe(claimed.length);
      // What no claim took is still due: nothing was lost either.
      claimed.push(...idsOf(await other.claimDueDeliveries(T0 + 10, leaseMs, 100)));
      expect(new Set(claimed).size).toBe(6 * urls.length);
      expect(claimed).toHaveLength(6 * urls.length);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertStore } from '../../alerts/alert-store';
import { alertDraft, alertQuery, bodyOf, hookUrls, T0, type ContractStores } from './alert-fixtures';
import { describeAlertRecords } from './alert-store-contract-records';
import { describeDeliveries } from './alert-store-contract-deliveries';
import { describePendingApprovals } from './alert-store-contract-approvals';

// The behaviour every AlertStore must show, whatever database holds it: the
// alerts themselves (alert-store-contract-records.ts), their webhook deliveries
// (alert-store-contract-deliveries.ts), the approvals being watched
// (alert-store-contract-approvals.ts), and persistence here.

export interface AlertStoreContractOptions {
  /** Closes `store` and opens the same storage again. */
  reopen: (store: AlertStore) => Promise<AlertStore>;
  /** Opens a second store on the same storage, as another replica (or process) does. */
  openAnother: (store: AlertStore) => Promise<AlertStore>;
}

export function describeAlertStoreContract(name: string, makeStore: () => Promise<AlertStore>, options: AlertStoreContractOptions): void {
  describe(`AlertStore contract: ${name}`, () => {
    let store: AlertStore;
    const others: AlertStore[] = [];
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store.close();
    });

    const stores: ContractStores = {
      store: () => store,
      another: async () => {
        const other = await options.openAnother(store);
        others.push(other);
        return other;
      },
    };
    describeAlertRecords(stores);
    describeDeliveries(stores);
    describePendingApprovals(stores);

    it('keeps alerts, deliveries and pending approvals across close and reopen', async () => {
      const fired = await store.fire(alertDraft({ detail: { error: 'tool crashed', exit: 2 } }), hookUrls, bodyOf);
      await store.ack(fired!.id, T0 + 5);
      await store.setPendingApprovals('s2', [{ approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', since_ms: T0 }]);
      const before = await store.list(alertQuery());

      store = await options.reopen(store);
      expect(await store.list(alertQuery())).toEqual(before);
      expect(await store.openAlerts()).toEqual([{ id: fired!.id, kind: 'error', key: 's1', detail: { error: 'tool crashed', exit: 2 } }]);
      expect(await store.pendingApprovals()).toEqual(new Map([['s2', [{ approval_id: 'a1', tool_call_id: 'c1', tool: 'bash', since_ms: T0 }]]]));
      expect(await store.deliveryHealth()).toEqual({ pending: 2, failed: 0, last_failure: null });
      // Still open after the restart: the condition fires nothing new.
      expect(await store.fire(alertDraft({ ts_ms: T0 + 10 }), hookUrls, bodyOf)).toBeNull();
    });

    it('closes once however often it is asked', async () => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}

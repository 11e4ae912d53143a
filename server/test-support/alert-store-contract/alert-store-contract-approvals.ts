import { describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../alerts/approval-watch';
import { T0, type ContractStores } from './alert-fixtures';

// The approvals being watched for approval_waiting, per session; part of
// describeAlertStoreContract (alert-store-contract.ts).

const approval = (id: string, sinceMs: number, tool = 'bash'): PendingApproval => ({ approval_id: id, tool_call_id: `call-${id}`, tool, since_ms: sinceMs });

export function describePendingApprovals({ store: getStore }: ContractStores): void {
  describe('pending approvals', () => {
    it('starts with none', async () => {
      expect(await getStore().pendingApprovals()).toEqual(new Map());
    });

    it("keeps each session's pending approvals, oldest first", async () => {
      const store = getStore();
      await store.setPendingApprovals('s1', [approval('late', T0 + 20), approval('early', T0)]);
      await store.setPendingApprovals('s2', [approval('other', T0 + 10, 'edit')]);
      expect(await store.pendingApprovals()).toEqual(
        new Map([
          ['s1', [approval('early', T0), approval('late', T0 + 20)]],
          ['s2', [approval('other', T0 + 10, 'edit')]],
        ]),
      );
    });

    it("replaces a session's whole list, leaving the other sessions as they were", async () => {
      const store = getStore();
      await store.setPendingApprovals('s1', [approval('a', T0), approval('b', T0 + 1)]);
      await store.setPendingApprovals('s2', [approval('c', T0 + 2)]);
      await store.setPendingApprovals('s1', [approval('b', T0 + 5, 'edit'), approval('d', T0 + 6)]);
      expect(await store.pendingApprovals()).toEqual(
        new Map([
          ['s1', [approval('b', T0 + 5, 'edit'), approval('d', T0 + 6)]],
          ['s2', [approval('c', T0 + 2)]],
        ]),
      );
      // An empty list: nothing pending, and the session is gone from the map.
      await store.setPendingApprovals('s1', []);
      expect(await store.pendingApprovals()).toEqual(new Map([['s2', [approval('c', T0 + 2)]]]));
    });

    it('keeps the last of one approval listed twice', async () => {
      const store = getStore();
      await store.setPendingApprovals('s1', [approval('a', T0), approval('a', T0 + 3, 'edit')]);
      expect(await store.pendingApprovals()).toEqual(new Map([['s1', [approval('a', T0 + 3, 'edit')]]]));
    });
  });
}

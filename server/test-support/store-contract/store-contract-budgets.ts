import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../store/event-store';

// Per-session budget overrides, part of describeStoreContract (store-contract.ts).

export function describeBudgets(getStore: () => EventStore): void {
  describe('budgets', () => {
    it('starts with no overrides', async () => {
      expect(await getStore().budgets()).toEqual({});
    });

    it('sets, replaces and removes one session override without touching the others', async () => {
      const store = getStore();
      await store.setBudget('s1', { warn_usd: 1.5, limit_usd: 4 });
      await store.setBudget('s2', { warn_usd: null, limit_usd: 10 });
      expect(await store.budgets()).toEqual({ s1: { warn_usd: 1.5, limit_usd: 4 }, s2: { warn_usd: null, limit_usd: 10 } });

      await store.setBudget('s1', { warn_usd: 0.25, limit_usd: null });
      expect((await store.budgets()).s1).toEqual({ warn_usd: 0.25, limit_usd: null });

      // Both thresholds null: the session goes back to the global default.
      await store.setBudget('s1', { warn_usd: null, limit_usd: null });
      expect(await store.budgets()).toEqual({ s2: { warn_usd: null, limit_usd: 10 } });
      // Removing what is not there is not an error.
      await store.setBudget('never-set', { warn_usd: null, limit_usd: null });
      expect(Object.keys(await store.budgets())).toEqual(['s2']);
    });

    it('keeps session ids that name Object.prototype members as ordinary keys', async () => {
      const store = getStore();
      const ids = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];
      for (const [i, id] of ids.entries()) await store.setBudget(id, { warn_usd: i + 1, limit_usd: null });
      const budgets = await store.budgets();
      expect(Object.keys(budgets).sort()).toEqual([...ids].sort());
      for (const [i, id] of ids.entries()) expect(Object.getOwnPropertyDescriptor(budgets, id)?.value).toEqual({ warn_usd: i + 1, limit_usd: null });
      // Nothing an id names is inherited either: a session without an override has none.
      expect(budgets['valueOf']).toBeUndefined();
    });
  });
}

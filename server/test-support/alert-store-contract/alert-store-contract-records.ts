import { describe, expect, it, vi } from 'vitest';
import type { AlertRecord } from '#protocol/alert-schemas';
import { alertDraft, alertQuery, bodyOf, hookUrls, T0, type ContractStores } from './alert-fixtures';

// Firing, clearing, listing and acknowledging alerts, part of
// describeAlertStoreContract (alert-store-contract.ts).

const idsOf = (records: readonly AlertRecord[]) => records.map((r) => r.id);

export function describeAlertRecords({ store: getStore }: ContractStores): void {
  describe('fire and clear', () => {
    it('stores the alert as the draft says, open and unread', async () => {
      const record = await getStore().fire(alertDraft(), [], bodyOf);
      expect(record).toEqual({ id: expect.any(Number), kind: 'error', session_id: 's1', agent: 'build', ts_ms: T0, message: 'Session s1 ended in error', cleared_ms: null, acked_ms: null });
      expect((await getStore().list(alertQuery())).records).toEqual([record]);
    });

    it('fires once per kind and key while the alert is open: the second fire stores nothing and answers null', async () => {
      const store = getStore();
      const first = await store.fire(alertDraft(), hookUrls, bodyOf);
      const body = vi.fn(bodyOf);
      expect(await store.fire(alertDraft({ ts_ms: T0 + 10, message: 'again' }), hookUrls, body)).toBeNull();
      expect(body).not.toHaveBeenCalled();
      expect(idsOf((await store.list(alertQuery())).records)).toEqual([first!.id]);
      expect((await store.deliveryHealth()).pending).toBe(hookUrls.length);
      // Another kind of the same key, or the same kind of another key, is another condition.
      const otherKind = await store.fire(alertDraft({ kind: 'stalled' }), [], bodyOf);
      const otherKey = await store.fire(alertDraft({ key: 's2' }), [], bodyOf);
      expect(otherKind).not.toBeNull();
      expect(otherKey).not.toBeNull();
      expect(idsOf((await store.list(alertQuery())).records)).toEqual([otherKey!.id, otherKind!.id, first!.id]);
    });

    it('clears the open alert of a kind and key, once; after that the condition fires again', async () => {
      const store = getStore();
      const first = await store.fire(alertDraft(), [], bodyOf);
      await store.fire(alertDraft({ key: 's2' }), [], bodyOf);
      expect(await store.clear('stalled', 's1', T0 + 1)).toBe(false);
      expect(await store.clear('error', 's1', T0 + 5)).toBe(true);
      expect(await store.clear('error', 's1', T0 + 6)).toBe(false);
      expect((await store.openAlerts()).map((a) => a.key)).toEqual(['s2']);

      const again = await store.fire(alertDraft({ ts_ms: T0 + 10 }), [], bodyOf);
      expect(again).toMatchObject({ kind: 'error', session_id: 's1', ts_ms: T0 + 10, cleared_ms: null });
      expect(again!.id).toBeGreaterThan(first!.id);
      const s1 = (await store.list(alertQuery({ session: 's1' }))).records;
      expect(s1.map((r) => [r.id, r.cleared_ms])).toEqual([
        [again!.id, null],
        [first!.id, T0 + 5],
      ]);
    });

    it('lists the open alerts with their detail as fired', async () => {
      const store = getStore();
      const detail = { error: 'tool "crashed"\nbadly', exit: 2, at: 1.5, model: null };
      const open = await store.fire(alertDraft({ detail }), [], bodyOf);
      await store.fire(alertDraft({ kind: 'daily_spend', key: '2026-11-24', session_id: null, agent: null, detail: { spend_usd: 12.5 } }), [], bodyOf);
      await store.clear('daily_spend', '2026-11-24', T0 + 1);
      expect(await store.openAlerts()).toEqual([{ id: open!.id, kind: 'error', key: 's1', detail }]);
    });

    it('fires in one transaction: when the webhook body cannot be made, neither the alert nor a delivery is stored', async () => {
      const store = getStore();
      const failing = () => {
        throw new Error('no body');
      };
      await expect(async () => store.fire(alertDraft(), hookUrls, failing)).rejects.toThrow('no body');
      expect((await store.list(alertQuery())).records).toEqual([]);
      expect(await store.deliveryHealth()).toEqual({ pending: 0, failed: 0, last_failure: null });
      // Nothing was left open, so the condition fires now.
      expect(await store.fire(alertDraft(), hookUrls, bodyOf)).not.toBeNull();
    });
  });

  describe('list', () => {
    /** Five alerts, ids ascending with ts_ms: s1..s5, s2 and s4 stalled, s5 without a session. */
    async function fireFive(): Promise<AlertRecord[]> {
      const records: AlertRecord[] = [];
      for (let i = 1; i <= 5; i++) {
        const draft =
          i === 5
            ? alertDraft({ kind: 'daily_spend', key: '2026-11-24', session_id: null, agent: null, ts_ms: T0 + 5 })
            : alertDraft({ kind: i % 2 === 0 ? 'stalled' : 'error', key: `s${i}`, ts_ms: T0 + i });
        records.push((await getStore().fire(draft, [], bodyOf))!);
      }
      return records;
    }

    it('lists newest first and pages back with before = next_cursor, the last page answering null', async () => {
      const store = getStore();
      const ids = idsOf(await fireFive()).reverse();
      const first = await store.list(alertQuery({ limit: '2' }));
      expect(idsOf(first.records)).toEqual(ids.slice(0, 2));
      expect(first.next_cursor).toBe(ids[1]);
      const second = await store.list(alertQuery({ limit: '2', before: String(first.next_cursor) }));
      expect(idsOf(second.records)).toEqual(ids.slice(2, 4));
      expect(second.next_cursor).toBe(ids[3]);
      const last = await store.list(alertQuery({ limit: '2', before: String(second.next_cursor) }));
      expect(idsOf(last.records)).toEqual(ids.slice(4));
      expect(last.next_cursor).toBeNull();
      expect([first.unread, second.unread, last.unread]).toEqual([5, 5, 5]);
    });

    it('answers no next_cursor for a page exactly as long as the limit when nothing older is left', async () => {
      const store = getStore();
      const ids = idsOf(await fireFive()).reverse();
      expect(await store.list(alertQuery({ limit: '5' }))).toMatchObject({ next_cursor: null, unread: 5 });
      const rest = await store.list(alertQuery({ limit: '3', before: String(ids[1]) }));
      expect(idsOf(rest.records)).toEqual(ids.slice(2));
      expect(rest.next_cursor).toBeNull();
      expect(await store.list(alertQuery({ before: String(ids[4]) }))).toEqual({ records: [], next_cursor: null, unread: 5 });
    });

    it('filters by kinds, session, since and unread, and pages within the filter', async () => {
      const store = getStore();
      const [s1, s2, s3, s4, day] = await fireFive();
      expect(idsOf((await store.list(alertQuery({ kind: 'stalled' }))).records)).toEqual([s4!.id, s2!.id]);
      expect(idsOf((await store.list(alertQuery({ kind: 'stalled,daily_spend' }))).records)).toEqual([day!.id, s4!.id, s2!.id]);
      expect(idsOf((await store.list(alertQuery({ session: 's3' }))).records)).toEqual([s3!.id]);
      expect(idsOf((await store.list(alertQuery({ since: String(T0 + 4) }))).records)).toEqual([day!.id, s4!.id]);
      await store.ack(s4!.id, T0 + 10);
      await store.ack(s1!.id, T0 + 10);
      const unread = await store.list(alertQuery({ unread: 'true' }));
      expect(idsOf(unread.records)).toEqual([day!.id, s3!.id, s2!.id]);
      expect(unread.unread).toBe(3);
      expect(idsOf((await store.list(alertQuery({ unread: 'false' }))).records)).toHaveLength(5);
      // The unread count is of every alert, whatever the filter.
      expect(await store.list(alertQuery({ session: 'nobody' }))).toEqual({ records: [], next_cursor: null, unread: 3 });
      const page = await store.list(alertQuery({ kind: 'error,stalled', unread: 'true', limit: '1' }));
      expect(idsOf(page.records)).toEqual([s3!.id]);
      const next = await store.list(alertQuery({ kind: 'error,stalled', unread: 'true', limit: '1', before: String(page.next_cursor) }));
      expect(idsOf(next.records)).toEqual([s2!.id]);
      expect(next.next_cursor).toBeNull();
    });
  });

  describe('ack', () => {
    it('acknowledges an alert once: a second ack keeps the first time', async () => {
      const store = getStore();
      const fired = await store.fire(alertDraft(), [], bodyOf);
      const acked = await store.ack(fired!.id, T0 + 100);
      expect(acked).toEqual({ ...fired, acked_ms: T0 + 100 });
      expect(await store.ack(fired!.id, T0 + 200)).toEqual(acked);
      expect(await store.list(alertQuery())).toEqual({ records: [acked], next_cursor: null, unread: 0 });
    });

    it('answers null for an alert it does not have', async () => {
      const store = getStore();
      const fired = await store.fire(alertDraft(), [], bodyOf);
      expect(await store.ack(fired!.id + 1, T0)).toBeNull();
      expect((await store.list(alertQuery())).unread).toBe(1);
    });

    it('acknowledges a cleared alert too, keeping when it cleared', async () => {
      const store = getStore();
      const fired = await store.fire(alertDraft(), [], bodyOf);
      await store.clear('error', 's1', T0 + 5);
      expect(await store.ack(fired!.id, T0 + 9)).toEqual({ ...fired, cleared_ms: T0 + 5, acked_ms: T0 + 9 });
    });
  });
}

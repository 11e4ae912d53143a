import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../store/event-store';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { cataloguePrices } from '../pricing/price-source';
import { makeItem } from '../test-support/store-test-events';
import { AlertEngine } from './alert-engine';
import { alertSettingsOf } from './alert-settings';
import { openSqliteAlertStore } from './sqlite-alert-store';

// The timer's sweep over silent sessions, against a real SQLite store: it reads
// only sessions silent past the shortest threshold, however many are busy.

const minute = 60_000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The store, with the session summaries each listing handed to the engine counted. */
function countingListings(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'listSessions') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<EventStore['listSessions']>) => {
        const page = await target.listSessions(...args);
        read += page.sessions.length;
        return page;
      };
    },
  });
  return { store: counted, read: () => read };
}

describe('the alert sweep', () => {
  it('reads only the sessions silent past the shortest threshold, and alerts on them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-alert-sweep-'));
    const store = await createSqliteStore({ path: path.join(dir, 'tether.db') });
    const alertStore = openSqliteAlertStore(path.join(dir, 'tether.db'));
    closers.push(() => store.close(), async () => alertStore.close());
    const now = Date.now();
    // A busy fleet: 600 sessions seen in the last seconds (more than one listing page of 500), and one silent for 3 minutes.
    await store.ingest(Array.from({ length: 600 }, (_, i) => makeItem('thinking_complete', `busy-${i}`, 1, now - 1_000)));
    await store.ingest([makeItem('thinking_complete', 'quiet', 1, now - 3 * minute)]);

    const counted = countingListings(store);
    const settings = alertSettingsOf({ alertWebhooks: [], abandonedAfterMin: 30 }, { sweep_interval_ms: 3_600_000, kinds: { stalled: { after_ms: minute } } }, 'http://127.0.0.1:1');
    const engine = await AlertEngine.start({ store: counted.store, alerts: alertStore, prices: cataloguePrices, globalBudget: { warn_usd: null, limit_usd: null }, settings, log: pino({ level: 'silent' }) });
    closers.push(() => engine.close());
    // The first sweep runs at start.
    await engine.settled();

    // Before, every sweep listed sessions oldest first and stopped at the first busy one: here the whole first page of 500.
    expect(counted.read()).toBe(1);
    const open = await alertStore.openAlerts();
    expect(open.map((a) => [a.kind, a.key])).toEqual([['stalled', 'quiet']]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEventRecord } from '#protocol/api-schemas';
import type { EventStore } from '../store/event-store';
import { createSqliteStore } from '../store/sqlite/sqlite-store';
import { makeItem } from '../test-support/store-test-events';
import { ReplayPages, type ReplaySliceLimits } from './replay-pages';
import { ReplayTurns } from './replay-turns';

const limits: ReplaySliceLimits = { maxEvents: 100, targetBytes: 1 << 20, shareMs: 10_000, sharedPages: 8 };

let store: EventStore;
let reads: number;

/** A real SQLite store in memory, its replay reads counted. */
beforeEach(async () => {
  const sqlite = await createSqliteStore({ path: ':memory:' });
  reads = 0;
  store = new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'eventsAfter') return (...args: Parameters<EventStore['eventsAfter']>) => (reads++, target.eventsAfter(...args));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  await store.ingest(Array.from({ length: 250 }, (_, i) => makeItem('token_usage', i % 2 ? 'a' : 'b', Math.floor(i / 2) + 1, 1_764_000_000_000 + i)));
});
afterEach(() => store.close());

const eventsOf = (page: { message: Buffer | null }) =>
  page.message ? (JSON.parse(page.message.toString()) as { kind: string; events: StoredEventRecord[] }).events : [];

describe('ReplayPages', () => {
  it('reads a store in slices, each cut at the limit, until one reaches the head', async () => {
    const pages = new ReplayPages(store, limits);
    const counts: number[] = [];
    let cursor = 0;
    for (;;) {
      const page = await pages.read(cursor, null);
      counts.push(page.count);
      expect(eventsOf(page).map((r) => r.cursor)).toEqual(Array.from({ length: page.count }, (_, i) => cursor + i + 1));
      cursor = page.lastCursor;
      if (!page.full) break;
    }
    expect(counts).toEqual([100, 100, 50]);
  });

  it('reads and serialises once for every client at the same position, and sends them the same bytes', async () => {
    const pages = new ReplayPages(store, limits);
    const twenty = await Promise.all(Array.from({ length: 20 }, () => pages.read(0, null)));
    expect(reads).toBe(1);
    expect(new Set(twenty.map((p) => p.message)).size).toBe(1);
    // A client arriving later at a position already read shares it too, while it is fresh.
    await pages.read(0, null);
    expect(reads).toBe(1);
    await pages.read(0, null, Date.now() + limits.shareMs + 1);
    expect(reads).toBe(2);
  });

  it('shares only between the same filter', async () => {
    const pages = new ReplayPages(store, limits);
    const [all, onlyA, alsoOnlyA] = await Promise.all([pages.read(0, null), pages.read(0, ['a']), pages.read(0, ['a'])]);
    expect(reads).toBe(2);
    expect(eventsOf(onlyA).every((r) => r.event.session_id === 'a')).toBe(true);
    expect(alsoOnlyA).toBe(onlyA);
    expect(all).not.toBe(onlyA);
  });

  it('does not keep a slice that reached the head: events committed after it must be read', async () => {
    const pages = new ReplayPages(store, limits);
    const tail = await pages.read(200, null);
    expect(tail).toMatchObject({ count: 50, full: false });
    await store.ingest([makeItem('token_usage', 'a', 1000, 1_764_000_001_000)]);
    expect((await pages.read(200, null)).count).toBe(51);
  });

  it('sizes slices of large events near the byte target', async () => {
    const pages = new ReplayPages(store, { ...limits, targetBytes: 10 * 1024 });
    await pages.read(0, null);
    const second = await pages.read(100, null);
    expect(second.message!.length).toBeLessThan(12 * 1024);
    expect(second.count).toBeLessThan(100);
  });
});

describe('ReplayTurns', () => {
  it('lets one waiter through per turn of the event loop, with I/O and timers in between', async () => {
    const turns = new ReplayTurns();
    const order: string[] = [];
    const replays = ['r1', 'r2', 'r3'].map(async (name) => {
      for (let slice = 0; slice < 2; slice++) {
        await turns.next();
        order.push(name);
      }
    });
    // Another request arriving meanwhile is served between two slices, not after all of them.
    setImmediate(() => order.push('other'));
    await Promise.all(replays);
    expect(order.indexOf('other')).toBeLessThan(2);
    expect(order.filter((x) => x !== 'other')).toEqual(['r1', 'r2', 'r3', 'r1', 'r2', 'r3']);
  });
});

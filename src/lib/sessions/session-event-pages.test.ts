import { describe, expect, it } from 'vitest';
import type { EventPage, StoredEventRecord } from '../../protocol/api-schemas';
import { appendStoredEvents, EVENT_PAGE_SIZE, MAX_HISTORY_PAGES, reachesPresent, type SessionEventPages } from './session-event-pages';

const record = (cursor: number, seq = cursor): StoredEventRecord => ({ cursor, event: { session_id: 's1', seq, ts: seq, type: 'done' } });
const pageOf = (from: number, to: number, next_cursor: number | null = null): EventPage => ({
  events: Array.from({ length: to - from + 1 }, (_, i) => record(from + i)),
  next_cursor,
});
const cursors = (data: SessionEventPages) => data.pages.flatMap((page) => page.events.map((e) => e.cursor));

/** What a session page holds after opening: the newest events, read backwards. */
const opened: SessionEventPages = { pages: [pageOf(1, 3, null)], pageParams: [{ order: 'desc', limit: 200 }] };

describe('appendStoredEvents', () => {
  it('appends pushed events after an opening page as a forward page from its newest cursor', () => {
    const data = appendStoredEvents(opened, [record(4), record(5)]);
    expect(cursors(data)).toEqual([1, 2, 3, 4, 5]);
    expect(data.pages[0]).toBe(opened.pages[0]);
    expect(data.pageParams).toEqual([{ order: 'desc', limit: 200 }, { order: 'asc', cursor: 3 }]);
    expect(data.pages[1]!.next_cursor).toBeNull();
  });

  it('keeps each stored event once: a replay after a reconnect, or an event a page read, changes nothing', () => {
    const once = appendStoredEvents(opened, [record(4), record(5)]);
    expect(appendStoredEvents(once, [record(4), record(5)])).toBe(once);
    expect(appendStoredEvents(opened, [record(2), record(3)])).toBe(opened);
    expect(cursors(appendStoredEvents(once, [record(5), record(6)]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fills a forward page up to a full page, then starts the next one where it ends', () => {
    let data = appendStoredEvents(opened, [record(4)]);
    const pushed = Array.from({ length: EVENT_PAGE_SIZE + 10 }, (_, i) => record(5 + i));
    data = appendStoredEvents(data, pushed);
    expect(data.pages.map((page) => page.events.length)).toEqual([3, EVENT_PAGE_SIZE, 11]);
    expect(data.pageParams[2]).toEqual({ order: 'asc', cursor: 3 + EVENT_PAGE_SIZE });
    expect(cursors(data)).toEqual(Array.from({ length: 3 + 1 + EVENT_PAGE_SIZE + 10 }, (_, i) => i + 1));
  });

  it('keeps the newest MAX_HISTORY_PAGES on a page left open, the first of them read on backwards from its oldest event', () => {
    let data = opened;
    let cursor = 4;
    // An hour of a busy session: far more pushed events than the history keeps.
    for (let frame = 0; frame < MAX_HISTORY_PAGES + 5; frame++) {
      data = appendStoredEvents(data, Array.from({ length: EVENT_PAGE_SIZE }, () => record(cursor++)));
    }
    expect(data.pages).toHaveLength(MAX_HISTORY_PAGES);
    const held = cursors(data);
    expect(held.at(-1)).toBe(cursor - 1);
    expect(held).toEqual(Array.from({ length: held.length }, (_, i) => held[0]! + i));
    // The first page now stands for a backwards read ending at its newest event, and "load earlier" goes on from its oldest.
    const first = data.pages[0]!;
    expect(first.next_cursor).toBe(first.events[0]!.cursor);
    expect(data.pageParams[0]).toEqual({ order: 'desc', cursor: first.events.at(-1)!.cursor + 1, limit: first.events.length });
  });

  it('starts from the oldest end for a session that had no stored event yet', () => {
    const empty: SessionEventPages = { pages: [{ events: [], next_cursor: null }], pageParams: [{ order: 'desc', limit: 200 }] };
    expect(appendStoredEvents(empty, [record(7)]).pageParams[1]).toEqual({ order: 'asc' });
  });
});

describe('reachesPresent', () => {
  it('is false while a forward read has more to read', () => {
    expect(reachesPresent(opened)).toBe(true);
    expect(reachesPresent({ pages: [pageOf(1, 3, 3)], pageParams: [{ order: 'asc' }] })).toBe(false);
    expect(reachesPresent({ pages: [pageOf(1, 3, null)], pageParams: [{ order: 'asc' }] })).toBe(true);
  });
});

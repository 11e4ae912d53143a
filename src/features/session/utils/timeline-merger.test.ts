import { describe, expect, it } from 'vitest';
import { mergeTimeline, type LiveTimelineEntry, type TimelineRow } from './merge-timeline';
import { timelineMerger } from './timeline-merger';

const entry = (seq: number, stored: boolean): LiveTimelineEntry => ({ cursor: stored ? seq : null, event: { session_id: 's1', seq, ts: seq, type: stored ? 'text_complete' : 'text_chunk' } });
const historyOf = (entries: readonly LiveTimelineEntry[]): TimelineRow[] =>
  entries.filter((e) => e.cursor !== null).map((e) => ({ seq: e.event.seq, cursor: e.cursor, event: e.event }));

/** A ring of `capacity` entries moving over a stream where every fourth event is stored; history read on now and then. */
function* frames(total: number, perFrame: number, capacity: number) {
  const all = Array.from({ length: total }, (_, i) => entry(i + 1, i % 4 === 0));
  let history = historyOf(all.slice(0, 50));
  for (let end = 60; end <= total; end += perFrame) {
    const live = all.slice(Math.max(0, end - capacity), end);
    // The history reads on once the ring has let go of stored events it lacks.
    if (end % 200 < perFrame) history = historyOf(all.slice(0, end - capacity / 2));
    yield { history, live, seen: all.slice(0, end) };
  }
}

/** Counts reads of numbered positions. */
function watched<T>(items: T[]): { items: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { items: proxy, reads: () => reads };
}

describe('timelineMerger', () => {
  it('gives every stored event seen and the ring, on every frame while the ring moves and the history reads on', () => {
    const merge = timelineMerger();
    for (const { history, live, seen } of frames(1_500, 7, 300)) {
      // A stored event the ring let go of before the history read it is still there: no hole.
      expect(merge(history, live)).toEqual(mergeTimeline(historyOf(seen), live));
    }
  });

  it('is mergeTimeline when the history holds what the ring let go of', () => {
    const merge = timelineMerger();
    const all = Array.from({ length: 1_000 }, (_, i) => entry(i + 1, i % 3 === 0));
    for (let end = 100; end <= 1_000; end += 9) {
      const history = historyOf(all.slice(0, end - 50));
      const live = all.slice(end - 80, end);
      expect(merge(history, live)).toEqual(mergeTimeline(history, live));
    }
  });

  it('merges again from scratch when an entry lands in the middle of the ring (a late event)', () => {
    const merge = timelineMerger();
    const ring = [entry(1, true), entry(2, false), entry(4, false)];
    merge([], ring);
    const withLate = [ring[0]!, ring[1]!, entry(3, true), ring[2]!, entry(5, false)];
    expect(merge([], withLate)).toEqual(mergeTimeline([], withLate));
  });

  it('reads the new entries and not the whole history when the ring moves on', () => {
    const merge = timelineMerger();
    const all = Array.from({ length: 20_000 }, (_, i) => entry(i + 1, i % 4 === 0));
    const history = historyOf(all.slice(0, 18_000));
    merge(history, all.slice(17_000, 19_000));
    const next = watched(all.slice(17_005, 19_005));
    const merged = merge(history, next.items);
    // Of the ring: binary searches, its ends and the five new entries (mergeTimeline reads all 2,000).
    // The history before the ring is copied as a block (slice), not walked.
    expect(next.reads()).toBeLessThan(60);
    expect(merged).toEqual(mergeTimeline(history, all.slice(17_005, 19_005)));
  });
});
